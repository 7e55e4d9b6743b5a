"""The workbench UI: static files (index.html, app.js, app.css) served by marsad.api."""

/* The API docs page: Swagger UI over /openapi.json, started from a file (no inline script, so the page keeps
 * the same Content-Security-Policy as the workbench). */
'use strict';

window.addEventListener('DOMContentLoaded', () => {
  window.SwaggerUIBundle({
    url: '/openapi.json', dom_id: '#swagger-ui', layout: 'BaseLayout', deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
  });
});

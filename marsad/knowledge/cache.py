"""A cache of the compiled knowledge base, so a short `marsad extract` does not spend a second building it.

The compiled base (validated entries and their Aho-Corasick automata) is pickled into the user's cache folder
(`MARSAD_CACHE_DIR`, else the platform's, e.g. ~/.cache/marsad), under a name made of the knowledge files'
paths and bytes, the marsad version and the Python version: a changed file, an upgrade or another interpreter
misses the cache and rebuilds it. The learned models, read from LightGBM's text files, are cached the same way
(`models-*.pickle`, marsad.learn.models). A file is written under a temporary name and renamed into place, so two
processes building at once each write a whole file and readers never see half of one. A cache that cannot be
read or written is skipped: the base is then built as without it.
"""
from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import sys
import tempfile
from pathlib import Path

import marsad
from marsad.knowledge import base, schema
from marsad.text import lexicon, normalize

log = logging.getLogger(__name__)
_PICKLED_CODE = (base, schema, lexicon, normalize)
KEEP = 4  # newest cache files kept; older ones (other versions of the files) are removed


def cache_dir() -> Path:
    configured = os.environ.get("MARSAD_CACHE_DIR")
    if configured:
        return Path(configured)
    import platformdirs
    return Path(platformdirs.user_cache_dir("marsad"))


def cache_key(files: list[tuple[str, bytes]], code=_PICKLED_CODE) -> str:
    """A name for what is compiled from these (relative path, bytes) files under this marsad and Python, by the
    modules `code` whose classes are pickled."""
    digest = hashlib.sha256(f"{marsad.__version__}|{sys.version}".encode())
    for module in code:  # a changed class misses the cache too
        digest.update(Path(module.__file__).read_bytes())
    for name, raw in files:
        digest.update(name.encode("utf-8") + b"\0" + hashlib.sha256(raw).digest())
    return digest.hexdigest()[:32]


def read(key: str, kind: str = "kb"):
    path = cache_dir() / f"{kind}-{key}.pickle"
    enabled = gc.isenabled()
    gc.disable()  # the base is some 100,000 small objects: collecting while they arrive triples the load time
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception as exc:  # truncated by a full disk, or written by an incompatible build: rebuild
        log.warning("knowledge cache %s unreadable (%s); rebuilding", path, exc)
        return None
    finally:
        if enabled:
            gc.enable()


def write(key: str, compiled, kind: str = "kb") -> None:
    from marsad.text.lexicon import Lexicon

    for value in vars(compiled).values():  # lexicons compile their automaton on first use: compile them into the cache
        if isinstance(value, Lexicon):
            value.find("")
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f"{kind}-{key}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(compiled, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / f"{kind}-{key}.pickle")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for old in sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]:
            old.unlink(missing_ok=True)
    except OSError as exc:
        log.warning("knowledge cache not written to %s: %s", folder, exc)

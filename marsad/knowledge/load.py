"""Load and validate the knowledge files: the package's own, then a user's extra folders.

A user's folder may hold files with the same names as the package's
(`states.yaml`, `actors/*.yaml`, `triggers.yaml`, …); their entries are added,
and an actor or trigger with an existing `id` replaces the packaged one.
"""
from __future__ import annotations

import gc
import hashlib
import os
from importlib import resources
from pathlib import Path
from typing import Iterable, TypeVar

from pydantic import BaseModel, ValidationError

from marsad.errors import KnowledgeError
from marsad.knowledge import schema
from marsad.knowledge.base import KnowledgeBase

Model = TypeVar("Model", bound=BaseModel)
FILES = {"states.yaml": schema.State, "places.yaml": schema.Place, "titles.yaml": schema.Title,
         "triggers.yaml": schema.Trigger, "months.yaml": schema.Month, "agents.yaml": schema.Agent}


def packaged_data_dir() -> Path:
    return Path(str(resources.files("marsad.knowledge") / "data"))


def load_knowledge(extra_dirs: Iterable[str | Path] = (), cache: bool = True, models: bool = True) -> KnowledgeBase:
    """Read every knowledge file once; CLI, API and Spark tasks call this, the extractor never does.

    With `cache`, the compiled base is reused from the user's cache folder while the files are unchanged
    (marsad.knowledge.cache). With `models`, the learned decisions come with it: the folder MARSAD_MODELS
    names, else the shipped one (`MARSAD_MODELS=none`: the rules alone).
    """
    kb = _compiled(extra_dirs, cache)
    chosen = os.environ.get("MARSAD_MODELS")
    if models and chosen != "none":
        from marsad.learn.models import load_models
        kb.models = load_models(Path(chosen) if chosen else None)
    # The base is some 100,000 objects that live as long as the process: out of the collector's sight, no
    # collection walks them again, neither while documents are extracted nor at exit (0.3 s of a short command).
    gc.freeze()
    return kb


def _compiled(extra_dirs: Iterable[str | Path], cache: bool) -> KnowledgeBase:
    from marsad.knowledge import cache as kb_cache

    dirs = [packaged_data_dir(), *[Path(d) for d in extra_dirs]]
    env = os.environ.get("MARSAD_KNOWLEDGE")
    if env:
        dirs.extend(Path(d) for d in env.split(os.pathsep) if d)
    files: list[tuple[Path, Path, bytes]] = []
    for folder in dirs:
        if not folder.is_dir():
            raise KnowledgeError(f"knowledge folder {folder} does not exist; check --knowledge or MARSAD_KNOWLEDGE")
        files += [(folder, path, path.read_bytes()) for path in sorted(folder.rglob("*.yaml"))]
    key = kb_cache.cache_key([(str(path.relative_to(folder)), raw) for folder, path, raw in files]) if cache else ""
    found = kb_cache.read(key) if cache else None
    if isinstance(found, KnowledgeBase):
        return found
    kb = _build(files)
    if cache:
        kb_cache.write(key, kb)
    return kb


def _build(files: list[tuple[Path, Path, bytes]]) -> KnowledgeBase:
    entries: dict[str, list] = {name: [] for name in FILES}
    actors: list[schema.Actor] = []
    cues: dict = {}
    digest = hashlib.sha256()
    for _, path, raw in files:
        digest.update(raw)
        data = _parse(path, raw)
        if path.parent.name == "actors":
            actors.extend(_validate(path, data, schema.Actor))
        elif path.name in FILES:
            entries[path.name].extend(_validate(path, data, FILES[path.name]))
        elif path.name == "cues.yaml":
            _merge_cues(cues, data, path)
    return KnowledgeBase(
        actors=_last_wins(actors), states=entries["states.yaml"], places=entries["places.yaml"],
        titles=entries["titles.yaml"], triggers=_last_wins(entries["triggers.yaml"]),
        months=entries["months.yaml"], agents=_last_wins(entries["agents.yaml"]), cues=cues,
        files_version=digest.hexdigest()[:12])


def _parse(path: Path, raw: bytes):
    """With libyaml's parser where the PyYAML wheel has it (it does on the usual platforms): the knowledge files
    parse ten times faster than with the pure-Python one. Imported here: a base read from the cache needs none."""
    import yaml

    try:
        return yaml.load(raw.decode("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or []
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise KnowledgeError(f"{path}: not valid UTF-8 YAML: {exc}") from exc


def _validate(path: Path, data, model: type[Model]) -> list[Model]:
    if not isinstance(data, list):
        raise KnowledgeError(f"{path}: expected a YAML list of {model.__name__} entries, got {type(data).__name__}")
    out = []
    for index, item in enumerate(data):
        try:
            out.append(model.model_validate(item))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "entry"
            label = item.get("id") or item.get("name") or item.get("key") if isinstance(item, dict) else None
            raise KnowledgeError(
                f"{path}: entry {index + 1}{f' ({label})' if label else ''}: field '{where}': {first['msg']}"
            ) from exc
    return out


def _last_wins(items: list) -> list:
    by_id = {}
    for item in items:
        by_id[item.id] = item
    return list(by_id.values())


def _merge_cues(cues: dict, data, path: Path) -> None:
    if not isinstance(data, dict):
        raise KnowledgeError(f"{path}: expected a mapping of cue groups")
    for key, value in data.items():
        if isinstance(value, dict):
            target = cues.setdefault(key, {})
            for sub, words in value.items():
                target.setdefault(sub, []).extend(words or [])
        else:
            cues.setdefault(key, []).extend(value or [])

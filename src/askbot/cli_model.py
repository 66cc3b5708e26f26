"""`askbot model`: which embedding model is used and where it comes from; `prepare` builds/fetches it.

`askbot model` answers fast (no torch import, no build, no download) so it is safe to run any time;
`askbot model prepare` does the slow part ahead of the first `askbot index` or bot start.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from askbot.config import Settings, load_settings
from askbot.errors import AskbotError


def _settings(ctx: click.Context) -> Settings:
    return ctx.find_object(Settings) or load_settings()


@contextlib.contextmanager
def _user_errors(ctx: click.Context) -> Iterator[None]:
    """Under askbot's main group, let AskbotError reach its wrapper; used alone, exit the same way."""
    try:
        yield
    except AskbotError as exc:
        if ctx.find_root().command is not model:
            raise
        click.echo(f"askbot: {exc}", err=True)
        ctx.exit(exc.exit_code)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def folder_facts(folder: Path) -> tuple[int | None, int | None]:
    """(dimension, max_seq_length) from a plain Transformer→Pooling[→Normalize] folder; None if unsure."""
    modules = _read_json(folder / "modules.json") or []
    sbert = _read_json(folder / "sentence_bert_config.json") or {}
    kinds = [str(m.get("type", "")).rsplit(".", 1)[-1] for m in modules]
    dimension = None
    if kinds[:2] == ["Transformer", "Pooling"] and set(kinds[2:]) <= {"Normalize"}:
        pooling = _read_json(folder / modules[1].get("path", "") / "config.json") or {}
        modes = pooling.get("pooling_mode")
        n_modes = (
            1
            if isinstance(modes, str)
            else sum(v is True for k, v in pooling.items() if k.startswith("pooling_mode_"))
        )
        size = pooling.get("embedding_dimension") or pooling.get("word_embedding_dimension")
        dimension = int(size) if size and n_modes == 1 else None
    max_len = sbert.get("max_seq_length")
    return dimension, int(max_len) if max_len else None


def _describe(name: str, origin: str, path: Path | None, dimension: int | None, max_len: int | None) -> dict:
    ready = path is not None and path.is_dir()
    return {
        "name": name,
        "origin": origin,
        "folder": str(path) if path else None,
        "ready": ready,
        "dimension": dimension,
        "max_seq_length": max_len,
    }


def _emit(info: dict, as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(info, ensure_ascii=False))
        return
    todo, unknown = "not there yet: run `askbot model prepare`", "unknown until prepared"
    folder = info["folder"] if info["ready"] else f"{info['folder'] or '(hub download)'} ({todo})"
    rows = [
        ("model", info["name"]),
        ("origin", info["origin"]),
        ("folder", folder),
        ("dimension", info["dimension"] or unknown),
        ("max length", f"{info['max_seq_length']} tokens" if info["max_seq_length"] else unknown),
    ]
    for label, value in rows:
        click.echo(f"{label + ':':<12}{value}")


@click.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def model(ctx: click.Context, as_json: bool) -> None:
    """Show the embedding model (ASKBOT_MODEL): name, origin, folder, dimension, max length."""
    if ctx.invoked_subcommand is not None:
        return
    from askbot.embeddings import load_embedder, resolve_model

    with _user_errors(ctx):
        settings = _settings(ctx)
        resolved = resolve_model(settings, build=False)
        dimension, max_len = folder_facts(resolved.path) if resolved.path else (None, None)
        if resolved.path and resolved.path.is_dir() and None in (dimension, max_len):
            embedder = load_embedder(settings)  # an unusual folder layout: ask the model itself
            dimension, max_len = embedder.dimension, embedder.max_seq_length
        _emit(_describe(resolved.name, resolved.origin, resolved.path, dimension, max_len), as_json)


@model.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.pass_context
def prepare(ctx: click.Context, as_json: bool) -> None:
    """Build or download the model now (progress on stderr) and check that it loads."""
    from askbot.embeddings import load_embedder

    with _user_errors(ctx):
        embedder = load_embedder(_settings(ctx), show_progress=True)
        e = embedder
        info = _describe(e.name, e.origin, e.path, e.dimension, e.max_seq_length)
        _emit(info, as_json or bool(ctx.parent and ctx.parent.params.get("as_json")))


if __name__ == "__main__":  # pragma: no cover - `python -m askbot.cli_model` for a quick look
    sys.exit(model.main(prog_name="askbot model", obj=load_settings()))

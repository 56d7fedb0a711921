"""Turn what the user named (files, folders, globs, zip archives) into a sorted list of files to read."""
from __future__ import annotations

import errno
import glob
import hashlib
import logging
import os
import re
import shutil
import stat
import zipfile
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipeline.ingest.sniff import SUFFIX_FORMATS
from pipeline.errors import InputError

log = logging.getLogger(__name__)

DEFAULT_MAX_ZIP_BYTES = 2 * 1024**3
"""Most bytes one archive (with the archives inside it) may unpack to."""
DEFAULT_MAX_ZIP_ENTRIES = 10_000
"""Most entries one archive (with the archives inside it) may hold."""
DEFAULT_MAX_ZIP_DEPTH = 3
"""Archives inside archives are expanded this many levels deep, no deeper."""
MAX_NAME_BYTES = 255
"""Longest file or folder name most file systems accept."""
COPY_CHUNK_BYTES = 1024 * 1024
MAX_SUFFIXES_SHOWN = 5
"""How many kinds of unsupported file a message names."""
EMPTY_ARCHIVE = "zip archive holds no file to read"
DOCUMENT_LIKE_SUFFIXES: frozenset[str] = frozenset({
    ".doc", ".docm", ".dot", ".dotx", ".rtf", ".odt", ".xls", ".xlsx", ".ods", ".ppt", ".pptx", ".odp", ".epub",
    ".xps", ".pages", ".wpd",
})
"""Formats of reports that nexus does not read: found in a folder, each still gets a ``skipped`` row saying so
(other files, such as images and data files, are only counted)."""
ARCHIVE_SUFFIX = ".zip"
ARCHIVE_SEPARATOR = "!"
TEMP_FILE_PREFIX = "~$"  # Office lock files
SKIPPED_FOLDERS: frozenset[str] = frozenset({"__MACOSX"})  # resource forks added by macOS's archiver
ZIP_FLAG_ENCRYPTED = 0x1
UNIX_MODE_SHIFT = 16  # Unix mode bits sit in the high half of external_attr...
ZIP_SYSTEM_UNIX = 3  # ...when the archive was made on Unix

_GLOB_CHARACTERS = re.compile(r"[*?\[]")
_WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to read: where it is, how the user would name it, and why it was refused (if it was)."""

    path: Path
    source: str
    refused: str = ""
    status: str = "skipped"
    """The status a refused input is recorded with: ``skipped`` (not a document nexus reads) or ``failed``."""


@dataclass(slots=True)
class _Budget:
    """What is left of one top-level archive's allowance of bytes and entries."""

    max_bytes: int
    max_entries: int
    bytes_left: int = -1
    entries_left: int = -1

    def __post_init__(self) -> None:
        if self.bytes_left < 0:
            self.bytes_left = self.max_bytes
        if self.entries_left < 0:
            self.entries_left = self.max_entries


def expand_inputs(
    inputs: Sequence[str | Path],
    *,
    work_dir: Path,
    max_zip_bytes: int = DEFAULT_MAX_ZIP_BYTES,
    max_zip_entries: int = DEFAULT_MAX_ZIP_ENTRIES,
    max_zip_depth: int = DEFAULT_MAX_ZIP_DEPTH,
) -> list[InputFile]:
    """Expand files, folders (recursively), globs and zip archives into the files to read, in a stable order."""
    work_dir = Path(work_dir)
    found: list[InputFile] = []
    seen: set[Path] = set()
    unsupported: Counter[str] = Counter()
    for given in inputs:
        before = len(found)
        for item in _expand_one(str(given), unsupported):
            if item.refused:
                found.append(item)
                continue
            path, source = item.path, item.source
            resolved = path.resolve()
            if resolved in seen:
                log.info("%s: already listed, read once", source)
                continue
            seen.add(resolved)
            if _is_archive(path):
                budget = _Budget(max_bytes=max_zip_bytes, max_entries=max_zip_entries)
                found.extend(
                    _expand_archive(path, source, work_dir=work_dir, budget=budget, depth_left=max_zip_depth)
                )
            else:
                found.append(item)
        if len(found) == before:
            log.warning("%s holds no document nexus reads%s", given, _unsupported_note(unsupported))
    if not found:
        names = ", ".join(str(g) for g in inputs) or "(nothing)"
        raise InputError(f"no documents to read in {names}{_unsupported_note(unsupported)}; "
                         f"supported: {', '.join(SUFFIX_FORMATS)}")
    return found


def _unsupported_note(unsupported: Counter[str]) -> str:
    """' (3 files of other formats: .xlsx, .png)' or '' when there were none."""
    total = sum(unsupported.values())
    if not total:
        return " (it is empty)"
    shown = ", ".join(suffix for suffix, _ in unsupported.most_common(MAX_SUFFIXES_SHOWN))
    return f" ({total} file{'s' if total != 1 else ''} of other formats: {shown})"


def display_name(name: str | Path) -> str:
    """A file name as text that can always be written (bytes that are not UTF-8 shown as \\xNN escapes)."""
    text = str(name)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _expand_one(given: str, unsupported: Counter[str]) -> Iterator[InputFile]:
    """The files one user input names, with the name each is shown by (refused ones with their reason)."""
    path = Path(given).expanduser()
    shown = display_name(given)
    if path.is_file():
        yield InputFile(path, shown)
    elif path.is_dir():
        yield from _walk(path, shown, unsupported)
    elif path.is_symlink():
        yield InputFile(path, shown, refused=_link_problem(path), status="failed")
    elif _GLOB_CHARACTERS.search(given):
        matches = sorted(glob.glob(str(path), recursive=True))
        if not matches:
            raise InputError(f"no file matches the pattern: {shown}")
        for match in matches:
            matched = Path(match)
            if matched.is_dir():
                yield from _walk(matched, display_name(match), unsupported)
            elif matched.is_file() and not _is_skipped_name(matched.name):
                yield InputFile(matched, display_name(match))
    else:
        raise InputError(f"no such file or folder: {shown}")


def _link_problem(path: Path) -> str:
    """Why a symbolic link cannot be read: a loop, or a target that does not exist."""
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop: the link points back to itself"
        return f"dangling symbolic link: its target {display_name(os.readlink(path))} does not exist"
    return "symbolic link cannot be read"


def _walk(folder: Path, shown: str, unsupported: Counter[str]) -> Iterator[InputFile]:
    """Files under `folder`, recursively and sorted, without hidden and temporary files.

    Unreadable folders, dangling links and link loops are yielded as failed inputs with their reason; linked folders
    are followed once (a link back to a folder already walked is a loop)."""
    items: list[InputFile] = []
    visited: set[str] = {os.path.realpath(folder)}

    def shown_for(path: Path) -> str:
        return str(PurePosixPath(Path(shown).as_posix()) / display_name(path.relative_to(folder).as_posix()))

    def unreadable(error: OSError) -> None:
        where = Path(error.filename) if error.filename else folder
        items.append(InputFile(where, shown_for(where) if where != folder else shown,
                               refused=f"unreadable folder: {error.strerror or error}", status="failed"))

    for dirpath, dirnames, filenames in os.walk(folder, onerror=unreadable, followlinks=True):
        here = Path(dirpath)
        keep = []
        for name in dirnames:
            sub = here / name
            if _is_skipped_name(name):
                continue
            real = os.path.realpath(sub)
            if real in visited:
                items.append(InputFile(sub, shown_for(sub), refused="symbolic link loop: the folder is already "
                                       "being read", status="failed"))
                continue
            visited.add(real)
            keep.append(name)
        dirnames[:] = keep
        for name in filenames:
            path = here / name
            if _is_skipped_name(name):
                continue
            if path.is_symlink() and not path.exists():
                items.append(InputFile(path, shown_for(path), refused=_link_problem(path), status="failed"))
                continue
            if not path.is_file():
                continue
            if path.suffix.lower() not in SUFFIX_FORMATS and path.suffix.lower() not in DOCUMENT_LIKE_SUFFIXES:
                unsupported[path.suffix.lower() or "(no suffix)"] += 1
                log.info("skipping %s: not a supported document format", path)
                continue
            items.append(InputFile(path, shown_for(path)))
    yield from sorted(items, key=lambda item: item.path)


def _is_skipped_name(name: str) -> bool:
    """True for hidden files and folders, Office lock files and macOS archive litter."""
    if name in (".", ".."):  # path steps, not hidden names: unsafe ones are refused elsewhere
        return False
    return name.startswith(".") or name.startswith(TEMP_FILE_PREFIX) or name in SKIPPED_FOLDERS


def _is_archive(path: Path) -> bool:
    """True for a .zip file that is a zip archive."""
    return path.suffix.lower() == ARCHIVE_SUFFIX and zipfile.is_zipfile(path)


def safe_member_path(root: Path, name: str) -> Path | str:
    """Where archive entry `name` goes under `root`, or the reason it may not be written anywhere."""
    if "\x00" in name:
        return "unsafe name: contains a NUL character"
    if name.startswith(("/", "\\")) or _WINDOWS_DRIVE.match(name):
        return "unsafe name: absolute path"
    parts = [part for part in re.split(r"[/\\]", name) if part not in ("", ".")]
    if ".." in parts:
        return "unsafe name: climbs out of the archive with '..'"
    if not parts:
        return "unsafe name: empty"
    if any(len(part.encode("utf-8", errors="surrogatepass")) > MAX_NAME_BYTES for part in parts):
        return f"unsafe name: a part is longer than {MAX_NAME_BYTES} bytes"
    target = root.joinpath(*parts)
    resolved_root = root.resolve()
    if not target.resolve().is_relative_to(resolved_root):
        return "unsafe name: resolves outside the extraction folder"
    return target


def _archive_folder(archive: Path, work_dir: Path) -> Path:
    """A folder of its own in `work_dir` for one archive, stable across runs."""
    digest = hashlib.sha1(str(archive.resolve()).encode("utf-8")).hexdigest()[:10]
    stem = re.sub(r"[^\w.-]+", "_", archive.stem)[:60] or "archive"
    return work_dir / f"{stem}-{digest}"


def _expand_archive(
    archive: Path, source: str, *, work_dir: Path, budget: _Budget, depth_left: int
) -> list[InputFile]:
    """Extract an archive's entries safely into its own folder in `work_dir`; refuse what is unsafe."""
    if depth_left <= 0:
        return [InputFile(path=archive, source=source, refused="archive nested too deep: not expanded")]
    root = _archive_folder(archive, work_dir)
    try:
        with zipfile.ZipFile(archive) as opened:
            members = opened.infolist()
            if len(members) > budget.entries_left:
                return [InputFile(path=archive, source=source, refused=_too_many(len(members), budget))]
            budget.entries_left -= len(members)
            if root.exists():
                shutil.rmtree(root)
            root.mkdir(parents=True)
            extracted = _extract_members(
                opened, members, archive, source, root=root, work_dir=work_dir, budget=budget, depth_left=depth_left
            )
            return extracted or [InputFile(path=archive, source=source, refused=EMPTY_ARCHIVE)]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError) as error:
        return [InputFile(path=archive, source=source, refused=f"unreadable zip archive: {error}")]


def _too_many(count: int, budget: _Budget) -> str:
    """The refusal for an archive with more entries than allowed."""
    return f"zip archive has too many entries: {count} (limit {budget.max_entries} per archive)"


def _extract_members(
    opened: zipfile.ZipFile,
    members: Sequence[zipfile.ZipInfo],
    archive: Path,
    source: str,
    *,
    root: Path,
    work_dir: Path,
    budget: _Budget,
    depth_left: int,
) -> list[InputFile]:
    """Extract each member of an open archive, nested archives expanded in turn."""
    results: list[InputFile] = []
    written: set[Path] = set()
    for member in sorted(members, key=lambda m: m.filename):
        name = member.filename
        shown = f"{source}{ARCHIVE_SEPARATOR}{name}"
        if name and member.is_dir() or any(_is_skipped_name(part) for part in re.split(r"[/\\]", name) if part):
            continue
        refusal, target = _check_member(member, root, written)
        if target is None:
            results.append(InputFile(path=archive, source=shown, refused=refusal))
            continue
        try:
            _copy_bounded(opened, member, target, budget)
        except _TooLarge as error:
            if target.is_file():
                target.unlink()
            results.append(InputFile(path=archive, source=shown, refused=str(error)))
            continue
        except (zipfile.BadZipFile, OSError, RuntimeError, NotImplementedError, EOFError, zlib.error) as error:
            if target.is_file():
                target.unlink()
            reason = " ".join(str(error).replace(str(root), "").split())
            results.append(InputFile(path=archive, source=shown, refused=f"cannot extract zip entry: {reason}"))
            continue
        written.add(target)
        if _is_archive(target):
            results.extend(
                _expand_archive(target, shown, work_dir=work_dir, budget=budget, depth_left=depth_left - 1)
            )
        else:
            results.append(InputFile(path=target, source=shown))
    return results


def _check_member(member: zipfile.ZipInfo, root: Path, written: set[Path]) -> tuple[str, Path | None]:
    """Why a member may not be extracted (and None), or "" and where it goes."""
    kind = stat.S_IFMT(member.external_attr >> UNIX_MODE_SHIFT) if member.create_system == ZIP_SYSTEM_UNIX else 0
    if kind == stat.S_IFLNK:
        return "unsafe entry: symbolic link", None
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        return "unsafe entry: not a regular file", None
    if member.flag_bits & ZIP_FLAG_ENCRYPTED:
        return "encrypted zip entry: not supported", None
    target = safe_member_path(root, member.filename)
    if isinstance(target, str):
        return target, None
    if target in written:
        return "duplicate entry: an earlier entry has the same name", None
    return "", target


class _TooLarge(Exception):
    """An entry would take the archive past its byte allowance."""


def _copy_bounded(opened: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, budget: _Budget) -> None:
    """Copy one member to `target`, counting real (not declared) bytes against the budget."""
    if member.file_size > budget.bytes_left:
        raise _TooLarge(_too_large(member.file_size, budget))
    target.parent.mkdir(parents=True, exist_ok=True)
    copied = 0
    with opened.open(member) as reader, target.open("xb") as writer:
        while chunk := reader.read(COPY_CHUNK_BYTES):
            copied += len(chunk)
            if copied > budget.bytes_left:
                raise _TooLarge(_too_large(copied, budget))
            writer.write(chunk)
    budget.bytes_left -= copied


def _too_large(size: int, budget: _Budget) -> str:
    """The refusal for an entry past the byte allowance."""
    return f"zip archive unpacks to too much: over {budget.max_bytes} bytes (limit per archive)"

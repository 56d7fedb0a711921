"""Document ids hash the file's bytes; child ids hash their natural key; slugs are lowercase ASCII words."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline import ids
from pipeline.ids import DOC_ID_HEX, doc_id_for_bytes, doc_id_for_file, hash_id, slugify
from pipeline.vocab import ARTICLES

SLUG = re.compile(r"^(?:[a-z0-9]+(?:-[a-z0-9]+)*)?$")
"""Empty, or lowercase ASCII letters and digits in runs joined by single hyphens."""
UNIT_SEPARATOR = "\x1f"
key_parts = st.lists(st.text(alphabet=st.characters(blacklist_characters=UNIT_SEPARATOR, blacklist_categories=("Cs",)), max_size=12),
                     min_size=1, max_size=4)


def test_doc_id_is_the_sha256_prefix_of_the_bytes(tmp_path: Path) -> None:
    data = b"%PDF-1.7\n" + bytes(range(256)) * 50
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    assert doc_id_for_bytes(b"") == "e3b0c44298fc1c14"  # sha256 of nothing
    assert doc_id_for_bytes(data) == hashlib.sha256(data).hexdigest()[:DOC_ID_HEX]
    assert doc_id_for_file(path) == doc_id_for_bytes(data)
    (tmp_path / "copy.pdf").write_bytes(data)
    assert doc_id_for_file(tmp_path / "copy.pdf") == doc_id_for_file(path)  # the name plays no part
    assert re.fullmatch(r"[0-9a-f]{16}", doc_id_for_file(path))


@given(data=st.binary(max_size=300), chunk=st.integers(min_value=1, max_value=64))
def test_file_and_bytes_ids_agree_across_read_chunks(data: bytes, chunk: int,
                                                     tmp_path_factory: pytest.TempPathFactory) -> None:
    path = tmp_path_factory.mktemp("ids") / "doc.bin"
    path.write_bytes(data)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ids, "READ_CHUNK", chunk)  # files are read in chunks: any boundary gives the same id
        assert doc_id_for_file(path) == doc_id_for_bytes(data)


def test_hash_id_is_stable_across_releases() -> None:
    """Reruns upsert only if an id never changes: these values are in every database already written."""
    assert hash_id("a" * 16, "COUNTRY", 0, 7) == "b3bbff2c87d14850"
    assert hash_id("a" * 16, "COUNTRY", 0, 7) == hashlib.sha1("\x1f".join(["a" * 16, "COUNTRY", "0", "7"]).encode()
                                                              ).hexdigest()[:ids.CHILD_ID_HEX]
    assert hash_id("x") == "11f6ad8ec52a2984"
    assert hash_id("doc", 3, 9) == hash_id("doc", "3", "9")  # a key read back from a CSV gives the same id


@pytest.mark.parametrize(("a", "b"), [
    (("ab", "c"), ("a", "bc")),
    (("a-b", "c"), ("a", "b-c")),
    (("a b",), ("a", "b")),
    (("a", ""), ("a",)),
    (("", "a"), ("a",)),
])
def test_hash_id_keeps_the_parts_apart(a: tuple[str, ...], b: tuple[str, ...]) -> None:
    assert hash_id(*a) != hash_id(*b)


@given(a=key_parts, b=key_parts)
def test_different_keys_get_different_ids(a: list[str], b: list[str]) -> None:
    """Parts never run together: two keys get one id only if they are the same key (parts without U+001F)."""
    assert (hash_id(*a) == hash_id(*b)) == (a == b)


@pytest.mark.parametrize(("text", "slug"), [
    ("Planning Institute of Jamaica", "planning-institute-of-jamaica"),
    ("São Tomé and Príncipe", "sao-tome-and-principe"),
    ("  UN-Habitat / UNDP 2030  ", "un-habitat-undp-2030"),
    ("ÉCOLE NATIONALE", "ecole-nationale"),
    ("Ministry of Labour, Employment & Social Protection", "ministry-of-labour-employment-social-protection"),
    ("The Danish Refugee Council", "danish-refugee-council"),  # a leading article is left out
    ("Secretaría de Gobernación", "secretaria-de-gobernacion"),
    ("Ministère de l'Intérieur", "ministere-de-l-interieur"),
    ("International Organiza-\ntion for Migration", "international-organization-for-migration"),
    ("", ""),
    ("!!! ---", ""),
])
def test_slugify_examples(text: str, slug: str) -> None:
    assert slugify(text) == slug


@given(st.text(max_size=60))
def test_slugify_output_alphabet(text: str) -> None:
    slug = slugify(text)
    assert SLUG.match(slug), slug
    assert slugify(slug) == slug
    assert slug.split("-")[0] not in ARTICLES

import unicodedata

from dienhinh.core.text import collation_key, fold, nfc


def test_fold_removes_diacritics_and_d_stroke():
    assert fold("Điển hình Tiên Tiến") == "dien hinh tien tien"
    assert fold("ĐOÀN") == "doan"
    # Ð/ð (U+00D0/U+00F0) look like Đ/đ and come from text converted from old encodings.
    assert fold("\u00d0ức \u00f0oàn") == fold("Đức đoàn") == "duc doan"
    assert fold(unicodedata.normalize("NFD", "Nguyễn Thị Ưng")) == "nguyen thi ung"


def test_nfc_normalises_and_collapses_whitespace():
    value = nfc("  " + unicodedata.normalize("NFD", "Trường  Tiểu học") + "\t")
    assert value == "Trường Tiểu học"
    assert unicodedata.is_normalized("NFC", value)


def test_people_sort_by_given_name_in_vietnamese_order():
    names = ["Lê Văn Đức", "Trần Thị Ánh", "Phạm Dũng", "Nguyễn Thị Anh", "Võ Ưng", "Hồ Út"]
    ordered = sorted(names, key=lambda n: collation_key(n, person=True))
    assert ordered == [
        "Nguyễn Thị Anh",
        "Trần Thị Ánh",
        "Phạm Dũng",
        "Lê Văn Đức",
        "Hồ Út",
        "Võ Ưng",
    ]


def test_titles_sort_in_vietnamese_alphabet():
    names = ["Đông Hải", "Dương Minh", "Cầu Kè", "Càng Long", "Châu Thành", "An Trường"]
    assert sorted(names, key=collation_key) == [
        "An Trường",
        "Càng Long",
        "Cầu Kè",
        "Châu Thành",
        "Dương Minh",
        "Đông Hải",
    ]


def test_clean_text_is_the_one_way_in():
    from dienhinh.core.text import UnsafeText, clean_text

    decomposed = unicodedata.normalize("NFD", "  Đào  Thị\u200b Ưng ")
    assert clean_text(decomposed) == "Đào Thị Ưng"
    assert clean_text("Dòng một  \r\nDòng hai\t\n", multiline=True) == "Dòng một\nDòng hai"
    assert clean_text(None) == ""
    for bad in ("a\x00b", "a\x1bb", "gpj\u202eexe", "\ud800"):
        try:
            clean_text(bad)
        except UnsafeText as error:
            assert f"U+{ord(error.char):04X}" in error.message
        else:
            raise AssertionError(f"{bad!r} was accepted")


def test_the_migration_refolds_what_the_old_fold_left_with_eth(world):
    """Rows folded before fold knew Ð kept "ð" in their folded columns; the data migrations
    (core.text.refold_eth) give them what fold gives now, and leave the others alone."""
    from dienhinh.core.text import refold_eth
    from dienhinh.orgs.models import OrgUnit

    unit = world.unit_a
    OrgUnit.objects.filter(pk=unit.pk).update(name="\u00d0ồng Tâm", search_text="ðong tam")

    def others() -> dict:
        return dict(OrgUnit.objects.exclude(pk=unit.pk).values_list("pk", "search_text"))

    before = others()
    assert refold_eth(OrgUnit, "search_text") == 1
    unit.refresh_from_db()
    assert unit.search_text == fold(unit.name) == "dong tam"
    assert others() == before  # read again: a queryset would give its first rows back

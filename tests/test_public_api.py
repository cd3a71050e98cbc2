import ocrcheck


def test_all_is_sorted_and_resolves() -> None:
    assert list(ocrcheck.__all__) == sorted(ocrcheck.__all__)
    for name in ocrcheck.__all__:
        assert hasattr(ocrcheck, name), name

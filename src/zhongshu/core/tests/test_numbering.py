import threading

import pytest
from django.db import connection, transaction
from hypothesis import given, settings
from hypothesis import strategies as st

from zhongshu.core.models import Sequence
from zhongshu.core.numbering import next_number, next_value


@pytest.mark.django_db
def test_numbers_follow_the_template_and_restart_each_year():
    with transaction.atomic():
        first = next_number("incoming", "收〔{year}〕{seq:04d}号", year=2026)
        second = next_number("incoming", "收〔{year}〕{seq:04d}号", year=2026)
        other_year = next_number("incoming", "收〔{year}〕{seq:04d}号", year=2027)
    assert (first, second, other_year) == (
        "收〔2026〕0001号",
        "收〔2026〕0002号",
        "收〔2027〕0001号",
    )


@pytest.mark.django_db
def test_a_rolled_back_transaction_leaves_no_gap():
    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        next_value("gapless")
        raise Abort
    with transaction.atomic():
        assert next_value("gapless") == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_numbering_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        next_value("loose")
    assert not Sequence.objects.filter(key="loose").exists()


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_many_threads_get_distinct_gap_free_numbers():
    threads_count, per_thread = 8, 15
    taken: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(threads_count)

    def worker():
        try:
            start.wait()
            for _ in range(per_thread):
                with transaction.atomic():
                    value = next_value("race")
                with lock:
                    taken.append(value)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(taken) == list(range(1, threads_count * per_thread + 1))
    assert Sequence.objects.get(key="race").last_value == threads_count * per_thread


@pytest.mark.django_db
def test_a_block_of_numbers_is_consecutive_and_continues_the_sequence():
    from zhongshu.core.numbering import next_values

    with transaction.atomic():
        assert next_value("bulk") == 1
        assert list(next_values("bulk", 3)) == [2, 3, 4]
        assert next_value("bulk") == 5
    with pytest.raises(ValueError), transaction.atomic():
        next_values("bulk", 0)


# Series names as apps choose them (letters of any script, digits, separators), years as
# documents carry them; a small pool so that the same (series, year) comes up again and again.
SERIES = st.text(
    alphabet=st.characters(categories=["L", "Nd"]) | st.sampled_from("-_:〔〕"),
    min_size=1,
    max_size=40,
)
TEMPLATES = ["{seq}", "{seq:04d}", "ZC-{year}-{seq:06d}", "收〔{year}〕{seq:04d}号"]


@st.composite
def numbering_calls(draw: st.DrawFn) -> list[tuple[str, int, str]]:
    pool = draw(
        st.lists(
            st.tuples(SERIES, st.integers(min_value=1990, max_value=2100)),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    picks = st.tuples(st.sampled_from(pool), st.sampled_from(TEMPLATES))
    return [(series, year, template) for (series, year), template in draw(st.lists(picks))]


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, database=None)
@given(calls=numbering_calls())
def test_each_series_and_year_counts_one_by_one_without_gap_or_repeat(calls):
    with transaction.atomic():
        taken: dict[tuple[str, int], list[int]] = {}
        for series, year, template in calls:
            numbers = taken.setdefault((series, year), [])
            expected = len(numbers) + 1
            rendered = next_number(series, template, year=year)
            assert rendered == template.format(year=year, seq=expected)
            numbers.append(expected)
        for (series, year), numbers in taken.items():
            assert Sequence.objects.get(key=f"{series}:{year}").last_value == len(numbers)
        transaction.set_rollback(True)  # the next example starts from empty counters

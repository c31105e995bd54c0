"""Roman numerals for forum numbers (I … XXXIX is all a forum calendar needs)."""

_NUMERALS = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def to_roman(number: int) -> str:
    if number < 1:
        raise ValueError(f"no Roman numeral for {number}")
    parts = []
    for value, letters in _NUMERALS:
        count, number = divmod(number, value)
        parts.append(letters * count)
    return "".join(parts)


def from_roman(text: str) -> int | None:
    """The value of a well-formed Roman numeral, or None."""
    letters = text.strip().upper()
    if not letters or any(ch not in "MDCLXVI" for ch in letters):
        return None
    values = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}
    total = 0
    for i, ch in enumerate(letters):
        value = values[ch]
        if i + 1 < len(letters) and values[letters[i + 1]] > value:
            total -= value
        else:
            total += value
    return total if total > 0 and to_roman(total) == letters else None

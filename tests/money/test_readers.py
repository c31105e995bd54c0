import io
from datetime import date
from decimal import Decimal

import pytest

from regionforum.money import Rate, RatesFileError, RateTable, guess_format, read_rates


def _csv(text: str) -> list[Rate]:
    return read_rates(io.StringIO(text), "csv")


def test_csv_reads_rates():
    rates = _csv("date,currency,units_per_usd\n2022-06-30,RUB,51.16\n2016-06-30,byr,20116\n")
    assert rates == [
        Rate(date(2022, 6, 30), "RUB", Decimal("51.16"), "stream (loaded)"),
        Rate(date(2016, 6, 30), "BYR", Decimal("20116"), "stream (loaded)"),
    ]


def test_csv_uses_source_column_and_ignores_others(tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text(
        "\ufeff# a comment\nCurrency,Date,note,units_per_usd,source\n"
        "EUR,2022-06-30,x,0.95,ECB\nRUB,2022-06-30,y,51.16,\n",
        encoding="utf-8",
    )
    assert read_rates(path, "csv") == [
        Rate(date(2022, 6, 30), "EUR", Decimal("0.95"), "ECB"),
        Rate(date(2022, 6, 30), "RUB", Decimal("51.16"), "rates.csv (loaded)"),
    ]


def test_csv_header_only_has_no_rates():
    assert _csv("date,currency,units_per_usd\n") == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty: it needs the header date,currency,units_per_usd."),
        (
            "2022-06-30,RUB,51.16\n",
            "line 1: The header must name the columns date, currency and units_per_usd; "
            "date, currency, units_per_usd missing.",
        ),
        (
            "date,currency,rate\n2022-06-30,RUB,51.16\n",
            "line 1: The header must name the columns date, currency and units_per_usd; "
            "units_per_usd missing.",
        ),
        (
            "date,currency,units_per_usd\n30.06.2022,RUB,51.16\n",
            'line 2: The date "30.06.2022" is not a date like 2022-06-30.',
        ),
        (
            "date,currency,units_per_usd\n2022-02-30,RUB,51.16\n",
            'line 2: The date "2022-02-30" is not a date like 2022-06-30.',
        ),
        (
            "date,currency,units_per_usd\n\n2022-06-30,рубль,51.16\n",
            'line 3: The currency "рубль" is not an ISO code like RUB.',
        ),
        (
            "date,currency,units_per_usd\n2022-06-30,RUB,abc\n",
            'line 2: The rate "abc" is not a positive number.',
        ),
        (
            "date,currency,units_per_usd\n2022-06-30,RUB,-5\n",
            'line 2: The rate "-5" is not a positive number.',
        ),
        (
            "date,currency,units_per_usd\n2022-06-30,RUB,0\n",
            'line 2: The rate "0" is not a positive number.',
        ),
        (
            "date,currency,units_per_usd\n2022-06-30,USD,2\n",
            'line 2: A US dollar is 1 US dollar, not "2".',
        ),
        (
            "date,currency,units_per_usd\n2022-06-30,RUB\n",
            "line 2: The line has 2 values, fewer than the header names.",
        ),
        (
            "date,currency,units_per_usd\n2022-06-30,RUB,51\n2022-06-30,RUB,52\n",
            "line 3: RUB on 2022-06-30 is already given on line 2.",
        ),
    ],
)
def test_csv_errors_name_the_line_and_value(text, message):
    with pytest.raises(RatesFileError) as raised:
        _csv(text)
    assert raised.value.message == message


def test_csv_error_carries_the_line():
    with pytest.raises(RatesFileError) as raised:
        _csv("date,currency,units_per_usd\n2022-06-30,RUB,51\n2022-07-01,RUB,x\n")
    assert raised.value.line == 3


def test_csv_not_utf8():
    with pytest.raises(RatesFileError) as raised:
        read_rates(io.BytesIO("date,currency,units_per_usd\n# рубль\n".encode("cp1251")), "csv")
    assert raised.value.message == "line 2: The file is not UTF-8 text."


CBR_DYNAMIC = """<?xml version="1.0" encoding="windows-1251"?>
<ValCurs ID="R01235" DateRange1="29.06.2022" DateRange2="30.06.2022"
 name="Foreign Currency Market Dynamic">
<Record Date="29.06.2022" Id="R01235"><Nominal>1</Nominal><Value>52,8501</Value>
<VunitRate>52,8501</VunitRate></Record>
<Record Date="30.06.2022" Id="R01235"><Nominal>1</Nominal><Value>51,1580</Value>
<VunitRate>51,158</VunitRate></Record>
</ValCurs>
"""


def test_cbr_dynamic_usd_gives_rub_per_usd():
    rates = read_rates(io.BytesIO(CBR_DYNAMIC.encode("cp1251")), "cbr-xml")
    assert rates == [
        Rate(date(2022, 6, 29), "RUB", Decimal("52.8501"), "Bank of Russia, official rate"),
        Rate(date(2022, 6, 30), "RUB", Decimal("51.1580"), "Bank of Russia, official rate"),
    ]


def test_cbr_dynamic_eur_is_crossed_with_the_reference_rub_rate():
    xml = """<ValCurs ID="R01239" DateRange1="30.06.2022" DateRange2="30.06.2022" name="x">
<Record Date="30.06.2022" Id="R01239"><Nominal>1</Nominal><Value>53,8587</Value></Record>
</ValCurs>"""
    reference = RateTable([Rate(date(2022, 6, 30), "RUB", Decimal("51.1580"), "cbr")])
    rates = read_rates(io.StringIO(xml), "cbr-xml", reference=reference)
    assert rates == [
        Rate(
            date(2022, 6, 30),
            "EUR",
            Decimal("0.949856"),
            "Bank of Russia, official EUR rate crossed with RUB per USD of 2022-06-30 (cbr)",
        )
    ]


def test_cbr_dynamic_non_usd_without_reference_rate_is_an_error():
    xml = """<ValCurs ID="R01239">
<Record Date="30.06.2012" Id="R01239"><Nominal>1</Nominal><Value>40,0</Value></Record>
</ValCurs>"""
    with pytest.raises(RatesFileError) as raised:
        read_rates(io.StringIO(xml), "cbr-xml", reference=RateTable())
    assert raised.value.line == 2
    assert raised.value.message == (
        "line 2: EUR on 2012-06-30 is quoted in RUB, and there is no RUB rate to the US dollar "
        "to cross it with; load the USD rates first."
    )


CBR_DAILY = """<?xml version="1.0" encoding="windows-1251"?>
<ValCurs Date="30.06.2022" name="Foreign Currency Market">
<Valute ID="R01090B"><NumCode>933</NumCode><CharCode>BYN</CharCode><Nominal>1</Nominal>
<Name>Белорусский рубль</Name><Value>20,2410</Value></Valute>
<Valute ID="R01235"><NumCode>840</NumCode><CharCode>USD</CharCode><Nominal>1</Nominal>
<Name>Доллар США</Name><Value>51,1580</Value></Valute>
<Valute ID="R01335"><NumCode>398</NumCode><CharCode>KZT</CharCode><Nominal>100</Nominal>
<Name>Казахстанских тенге</Name><Value>11,0512</Value></Valute>
</ValCurs>
"""


def test_cbr_daily_derives_every_currency_through_usd():
    rates = read_rates(io.BytesIO(CBR_DAILY.encode("cp1251")), "cbr-xml")
    crossed = "Bank of Russia, official rates, {} crossed via USD"
    assert rates == [
        Rate(date(2022, 6, 30), "BYN", Decimal("2.527444"), crossed.format("BYN")),
        Rate(date(2022, 6, 30), "RUB", Decimal("51.1580"), "Bank of Russia, official rate"),
        Rate(date(2022, 6, 30), "KZT", Decimal("462.918054"), crossed.format("KZT")),
    ]


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        ("<ValCurs><Record", "line 1: The file is not well-formed XML: unclosed token."),
        ("<Rates/>", "line 1: The root element is <Rates>, not the Bank of Russia's <ValCurs>."),
        (
            '<ValCurs ID="R99999">\n<Record Date="30.06.2022"><Nominal>1</Nominal>'
            "<Value>1</Value></Record></ValCurs>",
            'line 2: The Bank of Russia currency "R99999" is not one we know; load the daily '
            "file (XML_daily.asp), which names currencies by code.",
        ),
        (
            '<ValCurs ID="R01235">\n<Record Date="31.06.2022"><Nominal>1</Nominal>'
            "<Value>1</Value></Record></ValCurs>",
            'line 2: The date "31.06.2022" is not a date like 30.06.2022.',
        ),
        (
            '<ValCurs ID="R01235">\n\n<Record Date="30.06.2022"><Nominal>1</Nominal>'
            "<Value>n/a</Value></Record></ValCurs>",
            'line 3: <Value> "n/a" is not a number.',
        ),
        (
            '<ValCurs ID="R01235">\n<Record Date="30.06.2022"><Value>1</Value></Record></ValCurs>',
            "line 2: <Record> has no <Nominal>.",
        ),
        (
            '<ValCurs Date="30.06.2022">\n<Valute><Nominal>1</Nominal><Value>1</Value></Valute>'
            "</ValCurs>",
            "line 2: <Valute> has no <CharCode>.",
        ),
    ],
)
def test_cbr_malformed(xml, message):
    with pytest.raises(RatesFileError) as raised:
        read_rates(io.StringIO(xml), "cbr-xml")
    assert raised.value.message == message


def test_cbr_refuses_doctype_and_entities():
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;">]>\n<ValCurs>&lol2;</ValCurs>'
    )
    with pytest.raises(RatesFileError) as raised:
        read_rates(io.StringIO(bomb), "cbr-xml")
    assert raised.value.message == (
        "line 2: The XML declares a DOCTYPE, which a rates file never has; "
        "it is refused for safety."
    )


NBRB_DYNAMICS = """[{"Cur_ID":431,"Date":"2022-06-29T00:00:00","Cur_OfficialRate":2.5500},
{"Cur_ID":431,"Date":"2022-06-30T00:00:00","Cur_OfficialRate":2.5481}]"""


def test_nbrb_dynamics_usd_gives_byn_per_usd():
    rates = read_rates(io.StringIO(NBRB_DYNAMICS), "nbrb-json")
    source = "National Bank of the Republic of Belarus, official rate"
    assert rates == [
        Rate(date(2022, 6, 29), "BYN", Decimal("2.5500"), source),
        Rate(date(2022, 6, 30), "BYN", Decimal("2.5481"), source),
    ]


def test_nbrb_dynamics_before_redenomination_is_byr():
    text = '[{"Cur_ID":145,"Date":"2016-06-30T00:00:00","Cur_OfficialRate":20116.0}]'
    rates = read_rates(io.BytesIO(text.encode()), "nbrb-json")
    assert rates == [
        Rate(
            date(2016, 6, 30),
            "BYR",
            Decimal("20116.0"),
            "National Bank of the Republic of Belarus, official rate",
        )
    ]


def test_nbrb_dynamics_rub_uses_the_known_scale_and_reference():
    text = '[{"Cur_ID":456,"Date":"2022-06-30T00:00:00","Cur_OfficialRate":4.9811}]'
    reference = RateTable([Rate(date(2022, 6, 1), "BYN", Decimal("2.5481"), "nbrb usd")])
    rates = read_rates(io.StringIO(text), "nbrb-json", reference=reference)
    assert rates == [
        Rate(
            date(2022, 6, 30),
            "RUB",
            Decimal("51.155367"),
            "National Bank of the Republic of Belarus, official RUB rate crossed with BYN per "
            "USD of 2022-06-01 (nbrb usd)",
        )
    ]


NBRB_RATES = """[
  {"Cur_ID":431,"Date":"2022-06-30T00:00:00","Cur_Abbreviation":"USD","Cur_Scale":1,
   "Cur_Name":"Доллар США","Cur_OfficialRate":2.5481},
  {"Cur_ID":451,"Date":"2022-06-30T00:00:00","Cur_Abbreviation":"EUR","Cur_Scale":1,
   "Cur_Name":"Евро","Cur_OfficialRate":2.6808},
  {"Cur_ID":456,"Date":"2022-06-30T00:00:00","Cur_Abbreviation":"RUB","Cur_Scale":100,
   "Cur_Name":"Российских рублей","Cur_OfficialRate":4.9811}
]"""


def test_nbrb_rates_single_day_crosses_through_the_usd_row():
    rates = read_rates(io.StringIO(NBRB_RATES), "nbrb-json", reference=RateTable())
    crossed = "National Bank of the Republic of Belarus, official rates, {} crossed via USD"
    assert rates == [
        Rate(
            date(2022, 6, 30),
            "BYN",
            Decimal("2.5481"),
            "National Bank of the Republic of Belarus, official rate",
        ),
        Rate(date(2022, 6, 30), "EUR", Decimal("0.950500"), crossed.format("EUR")),
        Rate(date(2022, 6, 30), "RUB", Decimal("51.155367"), crossed.format("RUB")),
    ]


def test_nbrb_single_object():
    text = (
        '{"Cur_ID":431,"Date":"2022-06-30T00:00:00","Cur_Abbreviation":"USD","Cur_Scale":1,'
        '"Cur_OfficialRate":2.5481}'
    )
    assert [rate.units_per_usd for rate in read_rates(io.StringIO(text), "nbrb-json")] == [
        Decimal("2.5481")
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[\n", "line 2: The file is not valid JSON: Expecting value."),
        ("[1]", "line 1: A record is not a JSON object."),
        (
            '[\n{"Cur_ID":431,"Date":"2022-06-30","Cur_OfficialRate":2.5},\n'
            '{"Cur_ID":999,"Date":"2022-06-30","Cur_OfficialRate":2.5}]',
            "line 3: The currency Cur_ID 999 is not one we know, and the record has no "
            "Cur_Abbreviation; load the Rates form, which names the currency.",
        ),
        (
            '[{"Cur_ID":999,"Cur_Abbreviation":"PLN","Date":"2022-06-30","Cur_OfficialRate":5}]',
            "line 1: PLN has no valid Cur_Scale: None.",
        ),
        (
            '[{"Cur_ID":431,"Date":"30.06.2022","Cur_OfficialRate":2.5}]',
            'line 1: The date "30.06.2022" is not a date like 2022-06-30T00:00:00.',
        ),
        (
            '[{"Cur_ID":431,"Date":"2022-06-30","Cur_OfficialRate":null}]',
            "line 1: USD on 2022-06-30 has no Cur_OfficialRate.",
        ),
        (
            '[{"Cur_ID":431,"Date":"2022-06-30","Cur_OfficialRate":-2.5}]',
            'line 1: Cur_OfficialRate "-2.5" is not a positive number.',
        ),
        (
            '[{"Cur_ID":145,"Date":"2016-06-30","Cur_OfficialRate":2.0116}]',
            "line 1: 2.0116 per USD on 2016-06-30 does not look like a rate in BYR; dates "
            "before 1 July 2016 are quoted in old roubles (BYR), later ones in BYN.",
        ),
        (
            '[{"Cur_ID":431,"Date":"2016-07-01","Cur_OfficialRate":20116}]',
            "line 1: 20116 per USD on 2016-07-01 does not look like a rate in BYN; dates "
            "before 1 July 2016 are quoted in old roubles (BYR), later ones in BYN.",
        ),
    ],
)
def test_nbrb_malformed(text, message):
    with pytest.raises(RatesFileError) as raised:
        read_rates(io.StringIO(text), "nbrb-json")
    assert raised.value.message == message


def test_read_rates_unknown_format():
    with pytest.raises(RatesFileError) as raised:
        read_rates(io.StringIO(""), "xlsx")
    assert (
        raised.value.message
        == 'The format "xlsx" is not one we read: use csv, cbr-xml or nbrb-json.'
    )


def test_read_rates_missing_file_is_an_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_rates(tmp_path / "missing.csv", "csv")


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("rates.CSV", "", "csv"),
        ("XML_dynamic.xml", "", "cbr-xml"),
        ("dynamics.json", "", "nbrb-json"),
        ("XML_daily.asp", "\ufeff  <?xml version='1.0'?><ValCurs/>", "cbr-xml"),
        ("Dynamics", "\n[{}]", "nbrb-json"),
        ("rates.txt", "date,currency,units_per_usd\n", "csv"),
    ],
)
def test_guess_format(tmp_path, name, content, fmt):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert guess_format(path) == fmt


def test_cbr_non_usd_series_crosses_with_the_shipped_table_by_default():
    xml = """<ValCurs ID="R01239">
<Record Date="15.06.2022" Id="R01239"><Nominal>1</Nominal><Value>53,8587</Value></Record>
</ValCurs>"""
    [rate] = read_rates(io.StringIO(xml), "cbr-xml")
    assert rate.units_per_usd == Decimal("1.061110")
    assert rate.source.startswith(
        "Bank of Russia, official EUR rate crossed with RUB per USD of 2022-06-01 "
        "(Bank of Russia official rate; monthly average"
    )

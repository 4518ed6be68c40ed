import pytest

from rag.numbers import english_amount, figures, restate_in_english, supported, unsupported_figures


@pytest.mark.parametrize("text, expected", [
    ("资本支出将在1150亿美元至1350亿美元之间", "资本支出将在$115 billion至$135 billion之间"),
    ("资本开支达1,150至1,350亿美元", "资本开支达$115 billion至$135 billion"),
    ("罚款21.3亿印度卢比", "罚款2.13 billion Indian rupees"),
    ("570亿美元", "$57 billion"),
    ("投资5000万元", "投资50 million yuan"),
    ("涨11.75%报17.12港元", "涨11.75%报17.12港元"),  # no Chinese unit: left as written
])
def test_restate_in_english(text, expected):
    assert restate_in_english(text) == expected


def test_english_amount_scales():
    assert english_amount(3.75e10, "美元") == "$37.5 billion"
    assert english_amount(1.2e12) == "1.2 trillion"
    assert english_amount(7.2e8, "港元") == "HK$720 million"


def test_figures_normalise_units_and_skip_citations():
    found = figures("Meta guided $115 billion [1], up 66%, 1,150亿美元 in 2026 [2][3]")
    assert [(f.value, f.percent) for f in found] == [(1.15e11, False), (66.0, True), (1.15e11, False), (2026.0, False)]


def test_supported_by_value_across_units_and_rounding():
    source = figures("处以21.3亿印度卢比罚款,同比增长66%")
    assert supported(figures("2.13 billion rupees")[0], source)
    assert not supported(figures("21.3 billion rupees")[0], source)
    assert not supported(figures("66")[0], source)  # a percent is not a plain number


def test_unsupported_figures_names_the_invented_ones():
    bad = unsupported_figures("Capex will be $570 billion, up 66% [1]", "资本开支570亿美元,同比增长66%")
    assert [f.raw for f in bad] == ["$570 billion"]


def test_an_amount_in_another_currency_is_not_the_same_figure():
    rupees = figures("印度竞争委员会处以21.3亿印度卢比罚款")
    assert [f.currency for f in rupees] == ["INR"]
    assert supported(figures("2.13 billion Indian rupees")[0], rupees)
    assert not supported(figures("approximately $2.13 billion")[0], rupees)
    assert supported(figures("股价报17.12")[0], figures("HK$17.12"))  # no currency named: the value decides
    assert [f.currency for f in figures("87.20美元、17.12港元、30.25亿元、3.5 million yuan、£4")] == \
        ["USD", "HKD", "CNY", "CNY", "GBP"]


def test_a_figure_after_an_ascii_comma_in_chinese_text_is_read():
    assert [f.raw for f in figures("是36氪,2026年2月3日发布")] == ["36", "2026", "2", "3"]
    assert [f.raw for f in figures("营收1,150亿")] == ["1,150亿"]


def test_named_currencies_with_or_without_an_amount():
    from rag.numbers import named_currencies

    assert named_currencies("How much is the penalty in US dollars?") == {"USD"}
    assert named_currencies("罚款折合多少美元?") == {"USD"} and named_currencies("股价涨到多少港元?") == {"HKD"}
    assert named_currencies("Meta 2026 年资本开支指引是多少?") == set()


def test_a_span_of_time_is_the_same_figure_only_in_the_same_time():
    two_days = figures("他仅用2天就把应用从英文翻译成了希伯来语")
    assert [f.duration for f in two_days] == ["day"]
    assert not supported(figures("in 2 hours")[0], two_days)  # the packaged model wrote "2 hours" for 2天
    assert supported(figures("in 2 days")[0], two_days) and supported(figures("within 48 hours")[0], two_days)
    assert supported(figures("12 months")[0], figures("1年"))
    assert supported(figures("2")[0], two_days)  # a count with no unit: the value decides, as before
    assert [f.duration for f in figures("2026年2月3日")] == [None, None, None]  # a date is no span


def test_parts_of_dates_and_clock_times_are_marked():
    def marked(text):
        return [(f.raw, f.calendar) for f in figures(text)]

    assert marked("投票于12月19日23时左右结束,90个议席全部产生") == [("12", True), ("19", True), ("23", True), ("90", False)]
    assert marked("published on Dec. 19, 2021 at 14:56") == [("19", True), ("2021", False), ("14", True), ("56", True)]
    assert marked("It may rise 5 times in May 5 days") == [("5", False), ("5", False)]  # a span is no date
    assert marked("2天") == [("2", False)]
    assert marked("2026-02-03 14:56") == [("2026", False), ("02", True), ("03", True), ("14", True), ("56", True)]


def test_full_width_digits_and_percent_signs_are_read():
    assert [(f.value, f.percent) for f in figures("理论卡诺效率达到约 63％ ，营收１１５０亿")] == [(63.0, True), (1.15e11, False)]


def test_a_count_of_one_kind_of_thing_is_not_a_count_of_another():
    drivers = figures("全国机动车驾驶人数量达5.02亿人")
    assert [f.counted for f in drivers] == ["person"]
    assert not supported(figures("机动车保有量为5.02亿辆")[0], drivers)
    assert supported(figures("驾驶人5.02亿名")[0], drivers)  # 人 and 名 both count people
    assert supported(figures("13块金牌")[0], figures("共产生13枚金牌"))
    assert supported(figures("保有量5.02亿")[0], drivers)  # no measure word: the value decides
    # a measure word that starts another word, a rank and an amount of money count nothing
    assert [f.counted for f in figures("3部门、排名第3名、100人民币、票房20亿")] == [None, None, None, None]
    assert [f.counted for f in figures("1,000 vehicles and 3 people")] == ["vehicle", "person"]


def test_a_map_position_is_no_amount():
    found = figures("震中位于北纬37.174度，东经37.032度，震级为7.8; at latitude 23.5")
    assert [(f.raw, f.calendar) for f in found] == [("37.174", True), ("37.032", True), ("7.8", False), ("23.5", True)]


def test_counts_written_in_chinese_numerals_are_figures():
    found = figures("戴维斯完成了四次迫使掉球和二十四次拦截，两人受伤，三个月后一百零八名球员入选")
    assert [(f.value, f.counted, f.duration) for f in found] == [
        (4.0, "times", None), (24.0, "times", None), (2.0, "person", None), (3.0, None, "month"), (108.0, "person", None)]
    assert supported(figures("Thomas Davis had 4 forced fumbles.")[0], found)


@pytest.mark.parametrize("text", ["第四次会议", "一名优秀的工程师", "数十人在袭击中丧生", "三分之一的岗位", "十分重要", "四位数密码"])
def test_ordinals_articles_vague_counts_and_shares_are_no_chinese_figures(text):
    assert figures(text) == []


def test_digits_only_leaves_chinese_numerals_out():
    assert figures("四次迫使掉球", words=False) == []


def test_a_score_counts_points_not_players():
    points = figures("卡万·肖特以 11 分领先于全队")
    assert points[0].counted == "point"
    assert not supported(figures("11 players were selected for the Pro Bowl.")[0], points)


def test_a_rank_is_no_amount():
    rank = figures("利兹·特拉斯当选英国保守党新党魁，将接任约翰逊成为英国第78任首相")
    assert [(f.value, f.ordinal, f.counted) for f in rank] == [(78.0, True, None)]
    assert not supported(figures("特拉斯当了78天首相")[0], rank)  # a rank read as a span of time
    assert not supported(figures("78 people attended")[0], rank)
    assert supported(figures("Truss became the 78th prime minister")[0], rank)
    assert supported(figures("第78任")[0], figures("the 78th prime minister"))
    assert supported(figures("78")[0], rank)  # a bare number says nothing of its kind
    # a date's day is no rank: "July 4th" is 7月4日
    assert [f.ordinal for f in figures("on July 4th")] == [False]
    assert supported(figures("on July 4th")[-1], figures("7月4日"))

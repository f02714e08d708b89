"""A deterministic, realistic corpus of Chinese chat messages for benchmarking msgcheck.

Three kinds of everyday traffic (merchant customer service, live-stream comments, group chat)
are built from templates and vocabularies: greetings, product talk, prices (¥ / 元 / 折扣),
sizes, order and tracking numbers, times, emoji, English words and brand names, numbers, and
some messages in traditional characters. Ordinary words that contain a risky character
(折扣, 微波炉, 稍微, 蔷薇, V领, QQ糖, 北京东路, 小黄车, 私信客服 …) appear at natural rates,
so the share of messages that reach the engine's slow path is realistic, not zero.

About 2% of the messages are risky: disguised diversion (加我微信 + ID, V信, 扣扣 + digits,
phone numbers written in many ways, 淘宝 / 拼多多 mentions, 看主页, links, 淘口令 …) embedded
in ordinary text.

    generate(n, seed=0, length="mixed")  -> list[str]   # 10–200 code points, median ~35
    generate(n, seed=0, length=60)       -> list[str]   # exactly 60 code points each
    generate_labeled(...)                -> list[tuple[str, bool]]   # (text, risky)

Same (n, seed, length) -> same list, on any machine and Python version with the same
`random` algorithm (no set or hash ordering is used).
"""
from __future__ import annotations

import math
import random
from typing import Union

RISKY_SHARE = 0.02
MIN_LEN, MAX_LEN = 10, 200

Length = Union[str, int]

# -- vocabularies --------------------------------------------------------------------------

GREETINGS = ("亲，", "亲亲，", "您好，", "你好，", "在吗？", "哈喽～", "宝宝们，", "家人们，", "老铁们，",
             "姐妹们，", "各位宝子，", "早上好，", "晚上好呀，", "老板，", "掌柜的，", "hello，", "Hi～",
             "麻烦问一下，", "打扰一下，", "")
PRODUCTS = ("连衣裙", "卫衣", "羽绒服", "牛仔裤", "运动鞋", "面膜", "口红", "精华液", "保温杯", "手机壳",
            "蓝牙耳机", "零食大礼包", "猕猴桃", "螺蛳粉", "茶叶", "四件套", "扫地机器人", "空气炸锅",
            "微波炉", "电动牙刷", "防晒霜", "洗面奶", "双肩包", "床垫", "儿童书包", "奶粉", "纸尿裤",
            "车载充电器", "数据线", "充电宝", "护手霜", "香水", "羊毛衫", "衬衫", "阔腿裤", "半身裙",
            "棉拖鞋", "电热毯", "不粘锅", "保鲜盒", "洗衣液", "抽纸", "坚果", "牛肉干", "蜂蜜", "大米",
            "橄榄油", "瑜伽垫", "跳绳", "台灯", "插线板", "行李箱", "墨镜", "太阳伞", "发夹", "耳环")
BRANDS = ("Nike", "Adidas", "Apple", "iPhone 15 Pro", "AirPods", "Dyson", "SK-II", "Lancome", "YSL",
          "Uniqlo", "ZARA", "Coach", "Switch", "小米", "华为", "OPPO", "vivo", "安踏", "李宁", "美的",
          "格力", "海尔", "完美日记", "花西子", "三只松鼠", "良品铺子", "New Balance", "Converse",
          "MAC", "Estee Lauder", "Olay", "L'Oreal", "Lululemon", "Kindle", "iPad", "MacBook")
ENGLISH = ("OK", "ok的", "nice", "thank you", "so cute", "sale", "new arrival", "DIY", "VIP", "OMG",
           "yyds", "get到了", "size", "plus版", "pro版", "max", "logo", "wifi", "app", "bug", "PPT",
           "happy", "good", "sorry", "bye", "CP", "C位", "ins风", "A货", "U型枕")
COLORS = ("黑色", "白色", "杏色", "雾霾蓝", "奶白", "卡其色", "酒红色", "藏青", "浅灰", "燕麦色",
          "焦糖色", "薄荷绿", "粉色", "米黄", "咖啡色")
SIZES = ("S码", "M码", "L码", "XL", "XXL", "均码", "36码", "37码", "38码", "39码", "40码", "42码",
         "165/88A", "170/92A", "175/96A", "大号", "中号", "小号", "加大码", "80cm", "1.5米", "1.8米", "500ml", "2kg")
CITIES = ("上海", "北京", "广州", "深圳", "杭州", "成都", "武汉", "南京", "西安", "重庆", "长沙", "郑州",
          "苏州", "厦门", "青岛", "昆明", "威海", "哈尔滨", "天津", "宁波")
ROADS = ("北京东路", "南京东路", "人民路", "中山路", "解放大道", "建设路", "文化路", "长江路", "和平街",
         "幸福里", "滨江大道", "科技园南区", "五一广场", "新华路")
NAMES = ("王姐", "李哥", "小张", "阿芳", "晓梅", "刘阿姨", "陈老师", "小杨", "赵总", "孙师傅", "周周",
         "吴宝宝", "郑先生", "小林", "婷婷", "老马", "琳琳", "浩哥", "楠楠", "芳芳妈妈")
EXPRESS = ("顺丰", "中通", "圆通", "韵达", "申通", "邮政", "极兔", "德邦")
EMOJI = ("😊", "🎉", "❤️", "🔥", "👍", "🙏", "💰", "🎁", "✨", "😂", "🤣", "😭", "🥰", "👏", "💯", "🌹",
         "😘", "🤔", "👌", "🙌", "[微笑]", "[玫瑰]", "[强]", "[抱拳]", "[捂脸]", "[呲牙]", "～", "！！", "~~")
TIMES = ("今晚8点", "明天下午3点", "20:00", "周六上午", "48小时内", "下周一", "中午12点", "晚上九点半",
         "3月8号", "双十一当天", "今天下午", "明早", "十点前", "7天内", "月底")
# Ordinary talk that shares a character or a word with a risky term (折扣, 微波炉, 稍微, V领, QQ糖,
# 北京东路, 小黄车, 私信客服 …): realistic, and it exercises the engine's slow path.
LOOKALIKES = (
    "全场折扣价{price}", "今天有折扣吗", "现在下单打折扣", "稍微大了一点", "要微辣还是特辣", "V领毛衣有{color}吗",
    "给孩子买了QQ糖", "北京东路店周末有活动", "点击下方小黄车{n}号链接", "有问题私信客服哦", "先加入购物车，等活动再买",
    "关注主播不迷路，{time}准时开播", "加入粉丝团领{n}元券", "京东方的屏幕不错", "尾款{time}付", "纽扣掉了一颗",
    "扣款了但是订单没显示", "电话费又涨了", "手机套餐换了吗", "VIP会员价{price}", "扫一扫领优惠券",
    "vivo手机能用吗", "卫生纸快用完了", "维生素每天吃两粒", "蔷薇花开了{emoji}", "威海的海鲜好吃", "微笑服务{emoji}",
    "蓝牙耳机连不上手机", "号码牌在门口领", "已经在购物车里了", "小号的有吗", "加一件{prod}", "wifi密码是多少",
)
TRAD = dict(zip("这个货发运费质买们么时间问谢还说价钱颜体优惠礼试东车门长开关网尔后对话听"
                "觉实师条机书电号码头图单务觉应该欢没钟读鸡鱼鲜红绿蓝", "這個貨發運費質買們麼時間問謝還說價錢顏體優惠禮試東車門長開關網爾後對話聽"
                "覺實師條機書電號碼頭圖單務覺應該歡沒鐘讀雞魚鮮紅綠藍"))

# -- benign sentence templates --------------------------------------------------------------
# {prod} {brand} {color} {size} {price} {n} {time} {city} {road} {name} {express} {order}
# {track} {emoji} {en} {h} {w} {a} {b} {d} {k}

MERCHANT = (
    "{greet}这个{prod}还有{color}的吗？", "这款{prod}{size}有货的，{time}前下单当天发{emoji}",
    "{prod}多少钱呀", "{price}包邮吗？", "亲，已经给您备注了，{express}发货，单号{track}",
    "订单号{order}，麻烦帮我查一下物流", "我的快递到哪了，三天了还没动{emoji}", "收到货了，质量不错{emoji}好评",
    "尺码偏小，建议拍大一码", "身高{h}体重{w}斤穿什么码？", "可以开发票吗", "能便宜点吗，买{n}件",
    "退货运费谁出呀", "已申请退款，麻烦处理一下", "这个是正品吗？{brand}官方授权吗", "颜色和图片一样吗",
    "支持七天无理由退换吗", "地址填错了，能改成{city}{road}{n}号吗", "有问题可以留言，我们{time}回复",
    "已经收藏了，等活动再买", "{brand}的{prod}和你家的有什么区别", "亲，{prod}今天有活动，{price}",
    "您好，您的包裹已经在派送中了，请注意查收{emoji}", "宝贝已经发出了，{express}快递，预计{time}到",
    "好的亲，稍等一下帮您查询", "亲，这边看到您的订单还没付款哦", "现在下单送{prod}一个{emoji}",
    "满{a}减{b}，可以叠加优惠券", "这款是{color}，{size}，库存还有{n}件", "尺码表在详情页第{n}张图",
    "会员日，全场{d}折", "第二件半价，两件{price}", "这个{prod}能机洗吗", "洗了会不会缩水？",
    "发错货了，我买的是{color}{size}", "少发了一件{prod}，订单{order}", "怎么还没发货，都{n}天了",
    "什么时候补货呀？{emoji}", "客服在吗{emoji}{emoji}", "谢谢亲的支持，欢迎下次光临{emoji}",
    "麻烦给个五星好评哦，返现{n}元", "用了一周，皮肤变好了{emoji}", "{en}，{prod}收到了",
)
LIVE = (
    "家人们，{prod}今天只要{price}！", "点{n}号链接{emoji}", "主播穿的是什么码？",
    "主播多高多重", "明天{time}准时开播", "刚拍了，什么时候发货", "{emoji}{emoji}{emoji}",
    "上链接上链接", "还有库存吗，抢不到啊{emoji}", "福袋什么时候开", "3号链接的{prod}还有吗",
    "{brand}的{prod}是正品吗", "主播讲一下{prod}的面料", "秒杀价{price}，库存只有{n}件了",
    "拍了拍了{emoji}", "主播好漂亮{emoji}", "{color}的显白吗", "{size}能穿吗，我{w}斤",
    "已拍，{color}{size}", "欢迎新进直播间的宝宝{emoji}", "今天的福利是{prod}，{price}一份",
    "倒计时{n}秒，准备好", "没抢到的等{time}返场", "{name}来了{emoji}", "666", "好看好看{emoji}",
    "这个价格太划算了", "主播试一下{color}", "求返场{prod}", "{en}！！", "刚进来，现在卖的什么",
    "{prod}质量怎么样", "能不能再便宜点", "买了{n}单了{emoji}", "粉丝有优惠吗", "抽奖抽奖{emoji}",
)
GROUP = (
    "大家早上好{emoji}", "{time}团购{prod}，要的接龙", "接龙：{n}. {name} {prod}×{k}", "收到，谢谢群主",
    "周末有人去{city}吗", "这个{prod}好用吗，求推荐", "哈哈哈哈{emoji}", "明天下雨记得带伞",
    "孩子的作业发群里了，家长们查收", "@{name} 你的快递到了，放在门口了", "{time}开会，别忘了",
    "{name}：好的收到", "今天{city}好冷啊{emoji}", "谁有{brand}的{prod}，借我用一下",
    "晚饭吃什么{emoji}", "群里有没有{city}的朋友", "{prod}好吃吗？", "红包已发{emoji}", "谢谢老板的红包{emoji}",
    "明天{time}在{road}集合", "{prod}到了，大家来{road}{n}号拿", "转发到群里了", "{en}", "新年快乐{emoji}",
    "周末一起爬山吗", "刚看到，不好意思", "楼上说得对", "我也要一份{prod}", "已付款{price}", "{name}生日快乐{emoji}{emoji}",
    "这周的水电费每户{price}", "物业通知：{time}停水", "小区门口新开了一家店，去看看", "有没有人拼车去{city}",
)
FILLERS = ("好的", "嗯嗯", "谢谢", "收到", "OK", "明白了", "没问题", "哈哈", "好滴", "知道啦", "麻烦了", "辛苦了",
           "可以的", "真不错", "太好了", "是的", "对的", "好吧", "了解", "晚点再说")

# -- risky fragments ------------------------------------------------------------------------

WX_WORDS = ("微信", "V信", "v信", "薇信", "徽信", "微❤信", "微 信", "wx", "vx", "VX", "weixin", "威信",
            "卫星", "绿泡泡", "ⓥ信", "Ｖ信", "嶶信", "微.信", "薇", "V", "➕V", "wei信")
WX_ACTIONS = ("加我", "加", "+", "➕", "加一下", "添加", "搜", "加我的", "私我拿", "联系我", "扫码加", "找我")
QQ_WORDS = ("扣扣", "QQ", "qq", "Q", "企鹅", "扣扣号", "扣扣群", "q群", "抠抠", "寇寇")
SHOPS = ("阿芳小店", "晓梅优选", "好物集合店", "源头工厂店", "小林家的衣橱", "果园直发", "潮牌折扣仓")
PINYIN_IDS = ("mm", "xiaomei", "afang", "lili", "tt", "yy", "wang", "zhang", "abc", "love", "sunny",
              "kk", "meimei", "hao", "shop", "vip", "girl", "cc")
TLDS = ("com", "cn", "top", "xyz", "vip", "shop", "cc")
CN_NUM = {"0": "零洞〇", "1": "一幺壹", "2": "二贰两", "3": "三叁", "4": "四肆", "5": "五伍", "6": "六陆",
          "7": "七柒拐", "8": "八捌", "9": "九玖勾"}
CIRCLED = dict(zip("0123456789", "⓪①②③④⑤⑥⑦⑧⑨"))
FULLWIDTH = dict(zip("0123456789", "０１２３４５６７８９"))
MOBILE_PREFIXES = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152",
                   "155", "156", "157", "158", "159", "166", "173", "176", "177", "180", "181", "182",
                   "185", "186", "187", "188", "189", "198", "199")


class _Gen:
    def __init__(self, rng: random.Random):
        self.r = rng

    def pick(self, seq):
        return seq[self.r.randrange(len(seq))]

    def digits(self, k: int, first: str = "0123456789") -> str:
        return self.pick(first) + "".join(self.pick("0123456789") for _ in range(k - 1))

    # benign slots
    def price(self) -> str:
        r = self.r.random()
        v = self.pick((9.9, 19.9, 29, 39, 49.9, 59, 69, 79, 88, 99, 128, 139, 168, 199, 259, 299, 399, 599, 1299))
        v = int(v) if float(v).is_integer() else v
        if r < 0.35:
            return f"¥{v}"
        if r < 0.6:
            return f"{v}元"
        if r < 0.75:
            return f"￥{v}"
        if r < 0.9:
            return f"原价{int(float(v) * 2)}现价{v}"
        return f"{v}块"

    def fill(self, template: str) -> str:
        g = self
        slots = {
            "greet": lambda: g.pick(GREETINGS), "prod": lambda: g.pick(PRODUCTS), "brand": lambda: g.pick(BRANDS),
            "color": lambda: g.pick(COLORS), "size": lambda: g.pick(SIZES), "price": g.price,
            "n": lambda: str(g.r.randint(1, 30)), "k": lambda: str(g.r.randint(1, 5)),
            "h": lambda: str(g.r.randint(150, 185)), "w": lambda: str(g.r.randint(85, 160)),
            "a": lambda: str(g.pick((99, 199, 200, 299, 300))), "b": lambda: str(g.pick((10, 20, 30, 50))),
            "d": lambda: g.pick(("8", "8.5", "9", "七五", "6")),
            "time": lambda: g.pick(TIMES), "city": lambda: g.pick(CITIES), "road": lambda: g.pick(ROADS),
            "name": lambda: g.pick(NAMES), "express": lambda: g.pick(EXPRESS), "emoji": lambda: g.pick(EMOJI),
            "en": lambda: g.pick(ENGLISH),
            "order": lambda: g.digits(g.pick((18, 19, 20)), "2"),
            "track": g.tracking,
        }
        out, i = [], 0
        while True:
            j = template.find("{", i)
            if j < 0:
                out.append(template[i:])
                break
            k = template.index("}", j)
            out.append(template[i:j])
            out.append(slots[template[j + 1:k]]())
            i = k + 1
        return "".join(out)

    def tracking(self) -> str:
        kind = self.r.randrange(4)
        if kind == 0:
            return "SF" + self.digits(13)
        if kind == 1:
            return self.digits(14, "7")
        if kind == 2:
            return "YT" + self.digits(13)
        return self.digits(13, "4") if self.r.random() < 0.5 else "JT" + self.digits(13)

    def sentence(self) -> str:
        r = self.r.random()
        pool = MERCHANT if r < 0.43 else LIVE if r < 0.71 else GROUP if r < 0.97 else LOOKALIKES
        s = self.fill(self.pick(pool))
        x = self.r.random()
        if x < 0.15:
            s += self.pick(EMOJI)
        elif x < 0.2:
            s = self.pick(FILLERS) + "，" + s
        elif x < 0.24:
            s += " " + self.pick(ENGLISH)
        return s

    # risky fragments
    def account_id(self) -> str:
        base = self.pick(PINYIN_IDS)
        tail = self.digits(self.r.randint(3, 8))
        sep = self.pick(("", "", "_", ""))
        s = base + sep + tail
        return s.upper() if self.r.random() < 0.1 else s

    def phone(self) -> str:
        num = self.pick(MOBILE_PREFIXES) + self.digits(8)
        style = self.r.randrange(10)
        if style == 0:
            return num
        if style == 1:
            return f"{num[:3]} {num[3:7]} {num[7:]}"
        if style == 2:
            return f"{num[:3]}-{num[3:7]}-{num[7:]}"
        if style == 3:
            return "".join(self.pick(CN_NUM[c]) for c in num)
        if style == 4:
            return "".join(CIRCLED[c] for c in num)
        if style == 5:
            return "".join(FULLWIDTH[c] for c in num)
        if style == 6:
            return "+86 " + num
        if style == 7:
            return num[:3] + self.pick(EMOJI[:6]) + num[3:7] + self.pick(EMOJI[:6]) + num[7:]
        if style == 8:  # half numerals, half digits
            return "".join(self.pick(CN_NUM[c]) for c in num[:5]) + num[5:]
        return ".".join((num[:3], num[3:7], num[7:]))

    def qq_number(self) -> str:
        num = self.digits(self.r.randint(6, 10), "123456789")
        style = self.r.randrange(4)
        if style == 0:
            return num
        if style == 1:
            return " ".join(num[i:i + 3] for i in range(0, len(num), 3))
        if style == 2:
            return "".join(self.pick(CN_NUM[c]) for c in num)
        return "".join(FULLWIDTH[c] for c in num)

    def risky(self) -> str:
        kind = self.r.random()
        p = self.pick
        if kind < 0.30:   # WeChat + ID
            return p((
                f"{p(WX_ACTIONS)}{p(WX_WORDS)}：{self.account_id()}",
                f"{p(WX_ACTIONS)}{p(WX_WORDS)} {self.account_id()}，{p(('详聊', '发你图', '便宜点', '拉你进群', '给你优惠'))}",
                f"{p(WX_WORDS)}号{self.account_id()}，备注{p(PRODUCTS)}",
                f"有问题{p(WX_ACTIONS)}{p(WX_WORDS)}{self.account_id()}",
                f"{p(WX_ACTIONS)}{p(WX_WORDS)}，{p(('私聊', '便宜', '有优惠', '发实拍'))}",
                f"{p(('私聊', '有事', '要的'))}{p(WX_ACTIONS)}{p(WX_WORDS)}",
            ))
        if kind < 0.45:   # QQ + digits
            return p((
                f"{p(QQ_WORDS)}{self.qq_number()}", f"{p(QQ_WORDS)}：{self.qq_number()}",
                f"加{p(QQ_WORDS)}{self.qq_number()}领{p(('优惠券', '资料', '福利', '返现'))}",
                f"{p(('扣扣', 'QQ', '企鹅'))}号是{self.qq_number()}",
            ))
        if kind < 0.65:   # phone numbers
            return p((
                f"电话{self.phone()}", f"手机{self.phone()}", f"有事打{self.phone()}", f"联系方式：{self.phone()}",
                f"{self.phone()}同微", f"call我{self.phone()}", f"{self.phone()}", f"订货热线{self.phone()}",
                f"找{p(NAMES)}，{self.phone()}", f"座机0{p(('755', '21', '10', '571', '20'))}-{self.digits(8, '2345678')}",
                f"客服热线400-{self.digits(3, '1234567')}-{self.digits(4)}",
            ))
        if kind < 0.82:   # other platforms
            shop = p(SHOPS)
            return p((
                f"淘宝搜“{shop}”", f"去某宝看看，{p(('更便宜', '有同款', '款式多'))}", "拼多多上更便宜",
                "我们淘宝店评分很高", f"tb搜{shop}", "拼夕夕有同款", "PDD下单更便宜", f"小红书搜{shop}",
                "京东自营店也有卖", "闲鱼上出了，便宜", f"去淘宝拍，店名{shop}", f"在拼多多搜{shop}下单",
                f"我们抖店之外还有淘宝店：{shop}", "支付宝转我就行", "淘宝同款便宜一半",
            ))
        if kind < 0.93:   # pointers and phrases
            return p(("看主页", "主页有惊喜", "看我个性签名", "戳头像进店", "私我", "私聊我拿优惠",
                      "需要的私我", "看主页简介联系我", "主页有v", "懂的私", "私下交易更便宜",
                      "不走平台给你便宜点", "扫码进群领福利", "加我好友发你链接", "全网同名"))
        # links and share codes
        code = "".join(p("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(self.r.randint(5, 8)))
        tkl = "".join(p("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(5)) + self.digits(self.r.randint(3, 6))
        return p((f"t.cn/{code}", f"www.{p(PINYIN_IDS)}shop.{p(TLDS)}", f"￥{tkl}￥ 复制打开",
                  f"{p(PINYIN_IDS)}{self.digits(2)}.{p(TLDS)}/{code}", f"链接 https://{p(PINYIN_IDS)}.{p(TLDS)}/{code}",
                  f"邮箱{p(PINYIN_IDS)}{self.digits(4)}@{p(('qq', '163', '126'))}.com"))


_TRAD_TABLE = {ord(k): v for k, v in TRAD.items()}


def _target_length(g: _Gen, length: Length) -> int:
    if length == "mixed":
        # Chat lengths are skewed to short: log-normal, median ~35, clipped to [10, 200].
        return max(MIN_LEN, min(MAX_LEN, int(math.exp(g.r.gauss(math.log(35), 0.75)))))
    if isinstance(length, int) and length > 0:
        return length
    raise ValueError(f"length must be 'mixed' or a positive int, not {length!r}")


def _sentences(g: _Gen, size: int) -> tuple[list[str], str]:
    """Benign sentences totalling at least `size` code points once joined, and the separator."""
    parts: list[str] = []
    total = 0
    while total - 1 < size:  # n sentences joined by n - 1 one-character separators
        s = g.sentence()
        parts.append(s)
        total += len(s) + 1
    return parts, g.pick(("，", " ", "。", "！", "\n", "，"))


def _cut(text: str, target: int, length: Length, boundaries: list[int]) -> str:
    """Fixed length: exactly `target`. Mixed: end at a sentence boundary when one is close."""
    if length != "mixed" or len(text) <= target:
        return text[:target]
    ok = [b for b in boundaries if max(MIN_LEN, 0.7 * target) <= b <= target]
    return text[:ok[-1]] if ok else text[:target]


def _message(g: _Gen, length: Length) -> tuple[str, bool]:
    target = _target_length(g, length)
    traditional = g.r.random() < 0.05
    risky = g.r.random() < RISKY_SHARE
    frag = g.risky() if risky else ""
    if risky and len(frag) >= target:
        return frag, True  # never cut the risky part (fragments are shorter than 60 code points)
    parts, sep = _sentences(g, target - len(frag))
    if risky:
        # Insert the fragment between two sentences, early enough that the cut keeps it whole.
        starts, pos = [], 0
        for p in parts:
            starts.append(pos)
            pos += len(p) + len(sep)
        fits = [i for i, st in enumerate(starts) if st <= target - len(frag) - len(sep)] or [0]
        i = fits[g.r.randrange(len(fits))]
        parts.insert(i, frag)
    text = sep.join(parts)
    if traditional:
        # only the benign parts are converted; a risky fragment keeps its own spelling
        text = sep.join(p if p is frag else p.translate(_TRAD_TABLE) for p in parts)
    bounds, pos = [], 0
    for p in parts:
        pos += len(p)
        bounds.append(pos)
        pos += len(sep)
    return _cut(text, target, length, bounds), risky


def generate_labeled(n: int, seed: int = 0, length: Length = "mixed") -> list[tuple[str, bool]]:
    """n (text, risky) pairs; risky marks the ~2% with an embedded diversion fragment."""
    g = _Gen(random.Random(f"msgcheck-bench:{seed}:{length}"))
    return [_message(g, length) for _ in range(n)]


def generate(n: int, seed: int = 0, length: Length = "mixed") -> list[str]:
    """n messages: length="mixed" gives 10–200 code points, an int gives exactly that many."""
    return [t for t, _ in generate_labeled(n, seed, length)]


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description="print a sample of the benchmark corpus")
    ap.add_argument("-n", type=int, default=30)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--length", default="mixed", help="'mixed' or a number of characters (e.g. 60)")
    ap.add_argument("--risky", action="store_true", help="show only the risky messages")
    a = ap.parse_args()
    length: Length = a.length if a.length == "mixed" else int(a.length)
    for text, risky in generate_labeled(a.n, a.seed, length):
        if risky or not a.risky:
            print(("!! " if risky else "   ") + text.replace("\n", "⏎"))

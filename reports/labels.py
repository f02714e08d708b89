"""Names shown to people for the summary's keys, shared by the terminal table and the HTML."""

VERDICT_LABEL = {"block": "block", "review": "review", "pass": "pass"}
CATEGORY_LABEL = {"diversion": "diversion 引流", "contact": "contact 联系方式", "competitor": "competitor 竞品",
                  "broadcast": "broadcast 群发/刷屏"}
LIMIT_LABEL = {"fanout": "fan-out (same text, many groups)", "flood": "flood (many messages, one group)",
               "repeat": "repeat (same text, one group)"}
KIND_LABEL = {"json": "bad JSON", "text": "missing/invalid text", "ts": "bad timestamp",
              "encoding": "undecodable bytes", "csv": "bad CSV row", "chat": "no chat header",
              "platform": "unknown platform", "io": "unreadable file", "internal": "internal error",
              "other": "other"}

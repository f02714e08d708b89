"""Exception hierarchy: callers catch MsgcheckError; the CLI maps it to exit code 2."""


class MsgcheckError(Exception):
    """Base class of every error msgcheck raises on purpose."""


class ConfigError(MsgcheckError):
    """A config file, profile or option is invalid; the message names where."""


class WordlistError(ConfigError):
    """A wordlist line is invalid; carries the file and line number."""

    def __init__(self, path, lineno: int, reason: str):
        self.path, self.lineno, self.reason = str(path), lineno, reason
        super().__init__(f"{path}:{lineno}: {reason}")


class StoreError(MsgcheckError):
    """The broadcast store is unreachable or failed."""


class UnknownPlatform(ConfigError):
    def __init__(self, name: str, valid):
        self.name, self.valid = name, sorted(valid)
        super().__init__(f"unknown platform {name!r}; valid: {', '.join(self.valid)}")

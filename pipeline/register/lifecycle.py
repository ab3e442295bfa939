"""The life of a register entry: statuses, allowed transitions, coded errors.

The cycle follows the risk-management procedure of seed 000 (ch. 7, p. 19): identify →
assess → plan the response → implement → monitor and update. A risk can be rejected at any
open step, always with a reason; a rejected risk can be reopened, and a monitored one that
shows again goes back to work.
"""
from __future__ import annotations

from enum import StrEnum

from pipeline.model import RiskStatus

S = RiskStatus

TRANSITIONS: dict[RiskStatus, frozenset[RiskStatus]] = {
    S.IDENTIFIED: frozenset({S.ASSESSED, S.REJECTED}),
    S.ASSESSED: frozenset({S.MEASURE_PLANNED, S.REJECTED}),
    S.MEASURE_PLANNED: frozenset({S.IN_PROGRESS, S.ASSESSED, S.REJECTED}),
    S.IN_PROGRESS: frozenset({S.DONE, S.MEASURE_PLANNED, S.REJECTED}),
    S.DONE: frozenset({S.MONITORED, S.IN_PROGRESS}),
    S.MONITORED: frozenset({S.IN_PROGRESS, S.IDENTIFIED}),
    S.REJECTED: frozenset({S.IDENTIFIED}),
}


class RegisterCode(StrEnum):
    R001_TRANSITION = "R001"
    R002_REASON = "R002"
    R003_NO_ENTRY = "R003"
    R004_FIELD = "R004"
    R005_VALUE = "R005"
    R006_IMPORT = "R006"


class RegisterError(ValueError):
    """A change the register refuses; ``str()`` is a Russian message with its code."""

    def __init__(self, code: RegisterCode, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(f"[{code.value}] {message}")


def check_transition(entry_id: int, old: RiskStatus, new: RiskStatus, reason: str) -> None:
    """Raise ``RegisterError`` unless ``old → new`` is allowed (rejection needs a reason)."""
    # Imported here: pipeline.export imports the register, which imports this module.
    from pipeline.export.labels import STATUS

    if old == new:
        return
    if new not in TRANSITIONS[old]:
        allowed = ", ".join(f"«{STATUS[s]}»" for s in sorted(TRANSITIONS[old],
                                                            key=list(S).index))
        raise RegisterError(
            RegisterCode.R001_TRANSITION,
            f"риск № {entry_id}: переход из статуса «{STATUS[old]}» в «{STATUS[new]}» "
            f"недопустим; допустимы: {allowed}")
    if new is S.REJECTED and not reason.strip():
        raise RegisterError(RegisterCode.R002_REASON,
                            f"риск № {entry_id}: отклонение риска требует указать причину")

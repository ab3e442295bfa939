"""What every flow run ends with: a summary, published as a Prefect markdown artifact.

The artifact shows the same rows for every flow (documents, findings, new risks, skipped,
errors), then the flow's own rows, the errors one per line and the files written.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from prefect.artifacts import create_markdown_artifact
from prefect.states import State

MAX_ERRORS_SHOWN = 50


@dataclass(frozen=True)
class RunReport:
    title: str                              # «Сканирование актов»
    documents: int = 0                      # documents (acts, complaints, publications) seen
    findings: int = 0
    new_risks: int = 0
    skipped: int = 0                        # unchanged since the last run: not analysed
    errors: tuple[str, ...] = ()
    details: tuple[tuple[str, str], ...] = ()   # the flow's own rows (label, value)
    outputs: tuple[str, ...] = ()

    def rows(self) -> list[tuple[str, str]]:
        return [("Документов", str(self.documents)), ("Находок", str(self.findings)),
                ("Новых рисков", str(self.new_risks)),
                ("Пропущено (без изменений)", str(self.skipped)),
                ("Ошибок", str(len(self.errors))), *self.details]

    def markdown(self) -> str:
        lines = [f"# {self.title}", "", "| Показатель | Значение |", "|---|---|"]
        lines += [f"| {_cell(label)} | {_cell(value)} |" for label, value in self.rows()]
        if self.errors:
            lines += ["", "## Ошибки (документ пропущен, прогон продолжен)", ""]
            lines += [f"- {e}" for e in self.errors[:MAX_ERRORS_SHOWN]]
            if len(self.errors) > MAX_ERRORS_SHOWN:
                lines.append(f"- … и ещё {len(self.errors) - MAX_ERRORS_SHOWN}")
        if self.outputs:
            lines += ["", "## Файлы", ""] + [f"- `{p}`" for p in self.outputs]
        return "\n".join(lines)


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def publish(report: RunReport, key: str) -> RunReport:
    """The artifact of the run (``key``: lower case, digits and dashes)."""
    create_markdown_artifact(key=key, markdown=report.markdown(), description=report.title)
    return report


def counted(outcomes: dict[str, int], labels: dict[str, str]) -> Sequence[tuple[str, str]]:
    """Rows of a ``{outcome: count}`` mapping, with Russian labels."""
    return [(labels.get(k, k), str(v)) for k, v in sorted(outcomes.items())]


def failure_text(source: object, state: State) -> str:
    """Why a task of one document or source failed, naming it once: for the run's errors."""
    exc = state.result(raise_on_failure=False)
    if isinstance(exc, BaseException):
        text = str(exc)
        return text if str(source) in text else f"{source}: {type(exc).__name__}: {text}"
    return f"{source}: {state.name} ({state.message or 'без сообщения'})"

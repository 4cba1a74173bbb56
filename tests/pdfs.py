"""Interview PDFs laid out for the tests (ReportLab's Platypus, as a writer's tool lays them
out): a title, headings, questions and answers, pull quotes and bylines in one or two
columns, a running header and a footer with the page number on every page. Chinese is
set in STSong-Light (a CID font every PDF reader knows, not embedded), Latin in Helvetica;
a speaker's name may be bold (Helvetica-Bold)."""

from __future__ import annotations

import io
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph, Spacer
from reportlab.platypus.flowables import Flowable

pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
WIDTH, HEIGHT = A4
MARGIN = 60
BODY = 10.5


@dataclass(frozen=True)
class Block:
    kind: str  # title, byline, heading, question, answer, para, quote
    text: str
    speaker: str = ""  # an answer's, set in bold


def _styles(font: str, cjk: bool) -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=font, fontSize=BODY, leading=BODY * 1.6, alignment=4,
                          firstLineIndent=2 * BODY if cjk else 0, spaceAfter=BODY * 0.6,
                          wordWrap="CJK" if cjk else None, embeddedHyphenation=1, uriWasteReduce=0.3)
    return {
        "title": ParagraphStyle("title", parent=body, fontSize=20, leading=28, alignment=1, firstLineIndent=0,
                                spaceAfter=12),
        "byline": ParagraphStyle("byline", parent=body, alignment=0, firstLineIndent=0, spaceAfter=0),
        "heading": ParagraphStyle("heading", parent=body, fontSize=14, leading=20, alignment=0, firstLineIndent=0,
                                  spaceBefore=8, spaceAfter=6),
        "question": body, "answer": body, "para": body,
        "quote": ParagraphStyle("quote", parent=body, fontSize=13, leading=20, leftIndent=30, rightIndent=30,
                                firstLineIndent=0, spaceBefore=6, spaceAfter=10),
    }


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _flowables(blocks: list[Block], font: str, cjk: bool) -> list[Flowable]:
    styles = _styles(font, cjk)
    out: list[Flowable] = []
    for i, block in enumerate(blocks):
        text = _escape(block.text)
        if block.speaker:
            text = f'<font name="Helvetica-Bold">{_escape(block.speaker)}</font>{text}'
        out.append(Paragraph(text, styles[block.kind]))
        if block.kind == "byline" and (i + 1 == len(blocks) or blocks[i + 1].kind != "byline"):
            out.append(Spacer(1, 10))
    return out


def interview(blocks: list[Block], *, header: str, footer: str = "第{n}页", columns: int = 1, cjk: bool = True,
              encrypt: str | None = None) -> bytes:
    """The PDF of blocks; header and footer on every page ({n}: the page's number)."""
    font = "STSong-Light" if cjk else "Helvetica"
    buffer = io.BytesIO()

    def furniture(c: canvas.Canvas, doc: BaseDocTemplate) -> None:
        c.saveState()
        c.setFont(font, 8)
        c.drawString(MARGIN, HEIGHT - 36, header)
        c.drawCentredString(WIDTH / 2, 30, footer.format(n=doc.page))
        c.restoreState()

    gap = 18
    inner = WIDTH - 2 * MARGIN
    width = (inner - gap * (columns - 1)) / columns
    frames = [Frame(MARGIN + i * (width + gap), MARGIN, width, HEIGHT - 2 * MARGIN, id=f"c{i}",
                    leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0) for i in range(columns)]
    # invariant: the same bytes for the same blocks (no creation date, no random document id)
    doc = BaseDocTemplate(buffer, pagesize=A4, encrypt=encrypt, title="", author="", invariant=1)
    doc.addPageTemplates([PageTemplate(frames=frames, onPage=furniture)])
    doc.build(_flowables(blocks, font, cjk))
    return buffer.getvalue()


def blank() -> bytes:
    """A page with a drawing and no text at all (as a scan is, to a text extractor)."""
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=A4)
    c.rect(100, 100, 300, 400, fill=1)
    c.showPage()
    c.save()
    return buffer.getvalue()


TITLE = "算力之外：开源模型的下一步"
HEADER = "新科技秩序 · 2025年3月刊"
LONG = ("开源模型的生态在过去一年里发生了很大的变化，越来越多的企业开始在自己的业务中部署开源模型，"
        "并且根据自身的数据进行微调，这使得模型的能力边界不断被拓展。")
CHINESE = [
    Block("title", TITLE),
    Block("byline", "文 / 张三"),
    Block("byline", "2025年3月12日"),
    Block("para", "编者按：本期我们邀请到一位长期关注开源生态的研究者，谈谈算力之外的问题。" + LONG),
    Block("heading", "开源与闭源"),
    Block("question", "问：您如何看待开源模型与闭源模型之间的差距？"),
    Block("answer", "答：差距正在缩小。" + LONG * 5),
    Block("quote", "“开源不是慈善，而是一种更有效率的协作方式。”"),
    Block("question", "问：企业应该如何选择？"),
    Block("answer", "答：要看场景。" + LONG * 6),
    Block("heading", "人才与数据"),
    Block("question", "问：人才是不是最大的瓶颈？"),
    Block("answer", "答：是的，" + LONG * 16 + "这是我们最后的结论。")  # across the page break,
]

ENGLISH_TITLE = "Beyond Compute: A Roundtable"
ENGLISH = [
    Block("title", ENGLISH_TITLE),
    Block("para", "Three researchers met in March to talk about open models, data and the people who build them."),
    Block("heading", "Open and closed"),
    Block("question", "Where do open models stand today compared with closed ones?"),
    Block("answer", ": The gap keeps narrowing, and what matters now is how well a model is adapted to the work "
                    "it does; evaluation suites that reflect real tasks are scarce, and most comparisons "
                    "still rely on benchmarks that reward memorisation over reasoning and reinforcement.",
          speaker="Alice Chen"),
    Block("answer", ": I agree with most of that. The cost of serving a model has fallen sharply, and the "
                    "teams that understand their own data well are the ones that benefit the most from "
                    "open weights, since they can fine-tune them without asking anybody for permission.",
          speaker="Bob Li"),
    Block("question", "And the data itself?"),
    Block("answer", ": Data work is slow and unglamorous, and it decides more than any architecture does. We "
                    "spend whole weeks reading samples, writing filters and throwing away most of what we "
                    "collected, and every time the model that comes out is better for it. The teams that skip "
                    "this step pay for it later, in evaluations that look fine and users who do not.",
          speaker="Bob Li"),
    Block("answer", ": There is also the question of who owns the data. Licences matter, consent matters, "
                    "and the rules differ from one country to the next; a model trained on data nobody may use "
                    "is a liability, however well it scores on the benchmarks of the day.",
          speaker="Alice Chen"),
    Block("heading", "People"),
    Block("question", "What would you tell a student starting out?"),
    Block("answer", ": Read papers, but build things. Nothing replaces the experience of training a small "
                    "model yourself and watching it fail in ways no paper describes.", speaker="Alice Chen"),
]

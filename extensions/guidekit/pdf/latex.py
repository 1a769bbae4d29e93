"""PDF output: one LaTeX document per guide of the manifest.

The pure part turns the manifest into ``latex_documents`` and the LaTeX
defaults (title page, wrapping of long commands, Japanese fonts embedded);
``setup_latex`` is the thin Sphinx adapter: it fills ``latex_documents`` and
``latex_elements`` when the configuration is read, and gives each document a
title page that names its guide's topology, path and language.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from contextlib import suppress
from datetime import UTC, date, datetime
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from babel import UnknownLocaleError
from babel.dates import format_date
from docutils import nodes as nodes_
from docutils.nodes import SkipNode, Text
from sphinx.errors import ConfigError
from sphinx.locale import get_translation
from sphinx.util import texescape
from sphinx.writers.latex import LaTeXTranslator

from guidekit.l10n.messages import N_, _, language_name
from guidekit.model.errors import GuideError
from guidekit.model.manifest import Guide, Manifest, Step, load_manifest
from guidekit.pdf.wrap import FilePart, break_commands, break_file
from guidekit.sphinx_ext.assembly import next_step
from guidekit.sphinx_ext.context import helper_pages, loaded_project, project_paths
from guidekit.sphinx_ext.feedback import feedback_link

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders.latex import LaTeXBuilder
    from sphinx.builders.latex.theming import Theme
    from sphinx.config import Config

LatexDocument = tuple[str, str, str, str, str, bool]

#: Options of Sphinx's LaTeX style: long lines of a literal block wrap, even
#: where no space or punctuation allows it, with a continuation mark at the
#: start of the next line; they never run off the page.
SPHINXSETUP = ", ".join(
    [
        "verbatimwrapslines=true",
        "verbatimforcewraps=true",
        "verbatimmaxoverfull=0",
        # Output wraps at a blank where one is near the end of the line, not mid-word.
        "verbatimmaxunderfull=24",
        # Code keeps a margin inside its frame.
        "pre_padding=5pt",
        "verbatimhintsturnover=true",
        "inlineliteralwraps=true",
    ]
)

#: The title page: the guide's title, then its topology, path and language
#: (macros that each document defines, see ``title_macros``).
TITLE_PAGE = r"""
\makeatletter
\newcommand{\guidekittopology}{}
\newcommand{\guidekitpath}{}
\newcommand{\guidekitlanguage}{}
\newcommand{\guidekitwrapnote}{}
\newcommand{\guidekitweblinks}{}
\newcommand{\guidekitmaketitle}{%
  % Front matter (title page, contents) is numbered i, ii, ...; the body from 1,
  % so that the viewers' page labels and the printed folios agree.
  \pagenumbering{roman}%
  \let\sphinxrestorepageanchorsetting\relax
  \ifHy@pageanchor\def\sphinxrestorepageanchorsetting{\Hy@pageanchortrue}\fi
  \hypersetup{pageanchor=false}%
  \begin{titlepage}%
    \begingroup
      \def\endgraf{ }\def\and{\& }%
      \pdfstringdefDisableCommands{\def\\{, }}%
      \hypersetup{pdfauthor={\@author}, pdftitle={\@title}}%
    \endgroup
    \noindent\rule{\textwidth}{1pt}\par
    \begin{flushright}%
      \py@HeaderFamily
      {\Huge \@title \par}%
      \vspace{3em}%
      {\LARGE \guidekittopology \par}%
      \vspace{1.5ex}%
      {\LARGE \guidekitpath \par}%
      \vspace{1.5ex}%
      {\Large \guidekitlanguage \par}%
      \vspace{3em}%
      {\normalsize \guidekitweblinks \par}%
      \vfill
      {\small\normalfont\raggedright\noindent\guidekitwrapnote\par}%
      \vspace{4ex}%
      {\large \@author \par}%
      \vspace{1ex}%
      {\large \py@release\releaseinfo \par}%
      {\large \@date \par}%
    \end{flushright}%
  \end{titlepage}%
  \setcounter{page}{2}%
  \setcounter{footnote}{0}%
  \let\thanks\relax\let\maketitle\relax
  \if@openright\cleardoublepage\else\clearpage\fi
  \sphinxrestorepageanchorsetting
}
% The contents go on with the title page's roman numbers (Sphinx's own
% \sphinxtableofcontents starts them again at i); the body starts at 1.
\newcommand{\guidekittableofcontents}{%
  \begingroup\parskip\z@skip\sphinxtableofcontentshook\tableofcontents\endgroup
  \clearpage\pagenumbering{arabic}%
}
% The caption of a command block names the machine it runs on: a small
% heading above the block, not a numbered "Listing".
\renewcommand*\sphinxSetupCaptionForVerbatim[1]{%
  \sphinxvspacefixafterfrenchlists
  \needspace{\sphinxliteralblockneedspace}%
  \def\sphinxVerbatimTitle{%
    \py@NormalColor\raggedright\small\sffamily\sphinxLiteralBlockLabel #1\par}%
}
% The mark that starts a code line wrapped to fit the page, for the note on the
% title page that explains it.
\newcommand{\guidekitcontinuedmark}{{\ttfamily\spx@opt@verbatimcontinued}}
% The red mark at the end of a code line that was wrapped at a blank.
\newcommand{\guidekitspacemark}{{\ttfamily\spx@opt@verbatimvisiblespace}}
\makeatother
% Output (what a command prints) is not something to type: no fill, a rule on
% its left only, unlike the framed grey command and file blocks.
\newcommand{\guidekitoutputstyle}{\sphinxsetup{%
  pre_background-TeXcolor={rgb}{1,1,1}, pre_border-TeXcolor={rgb}{0.55,0.55,0.55},%
  pre_border-width=0pt, pre_border-left-width=2pt, pre_border-radius=0pt}}
% A tab of a tabbed block (sphinx-tabs) is one of several alternatives: a
% note says so, then its label in bold, kept on the page of its content.
\newcommand{\guidekitalternative}{Alternative: do this only if it applies to you}
\newenvironment{sphinxclassguidekit-tab-label}%
  {\par\needspace{12\baselineskip}\medskip\noindent
   {\small\itshape\guidekitalternative}\par\nopagebreak\noindent\sffamily\bfseries}%
  {\par\nopagebreak\smallskip}
% Links (the overview, "see ...") in the text's own upright face: \emph would
% slant the Latin words of Japanese text only.
\protected\def\sphinxcrossref#1{#1}
% Bookmarks carry the steps' numbers (7A, 7A.1), as the contents do.
\hypersetup{bookmarksnumbered=true}
% Step numbers such as 7A.1 are wider than the 1.5em that report leaves for a
% chapter number in the contents.
\makeatletter
\patchcmd{\l@chapter}{\setlength\@tempdima{1.5em}}{\setlength\@tempdima{2.8em}}{}{}
\makeatother
% A step does not start a page of its own: a chapter starts where the last one
% ended, unless less than a third of the page is left.
\makeatletter
\newcommand{\guidekitchapterbreak}{\par\needspace{0.3\textheight}\vspace{3ex}}
% (report, for pdflatex; ujbook, for uplatex: the same test, written differently)
\patchcmd{\chapter}{\if@openright\cleardoublepage\else\clearpage\fi}%
  {\guidekitchapterbreak}{}{}
\patchcmd{\chapter}%
  {\if@openleft\cleardoublepage\else\if@openright\cleardoublepage\else\clearpage\fi\fi}%
  {\guidekitchapterbreak}{}{}
\makeatother
"""

#: Japanese typesetting (uplatex): headers, footers, contents and line breaks as
#: a Japanese reader expects them.
JA_TYPESETTING = r"""
\makeatletter
% The running header on one line, never broken inside a word: smaller than
% the headings, and shrunk to the header's width if a title is longer still.
\newsavebox{\guidekit@head}
\newcommand{\guidekitrunninghead}{%
  \sbox{\guidekit@head}{\py@HeaderFamily\small\@title\sphinxheadercomma\py@release}%
  \ifdim\wd\guidekit@head>\headwidth
    \resizebox{\headwidth}{!}{\usebox{\guidekit@head}}%
  \else\usebox{\guidekit@head}\fi}
% The footer names the chapter as its heading does: 第5章, no blanks (Sphinx
% writes "第 5 章"; upLaTeX would add its own space between kanji and digits).
\newcommand{\guidekitchapterlabel}{\hbox{\noautoxspacing\@chapapp\thechapter\@chappos}}
% Japanese lines are taller (16pt baselines): the header's strut needs 15pt, else
% fancyhdr warns on every page and enlarges the header itself.
\@ifpackageloaded{geometry}{\geometry{headheight=15pt}}{\setlength{\headheight}{15pt}}
\let\guidekit@ps@normal\ps@normal
\def\ps@normal{\guidekit@ps@normal
  \fancyhead[RO,LE]{\guidekitrunninghead}%
  % One-sided, the footer shows the right mark: the chapter's, until a section
  % gives its own (else a chapter without sections would name nothing).
  \def\chaptermark##1{\markboth{\guidekitchapterlabel\hskip1zw ##1}%
    {\guidekitchapterlabel\hskip1zw ##1}}}
% One-sided, as English (report's default): ujbook defaults to two-sided, and
% Sphinx's class keeps its "oneside" option from it (headers would alternate).
\@ifpackageloaded{geometry}{\geometry{twoside=false}}{\@twosidefalse\@mparswitchfalse}
% Bold Latin words beside bold Japanese (which is Gothic) in the sans-serif of
% the headings, not bold Times: TeX Gyre Heros stands in for Termes' bold
% shapes (the fonts are declared first, so that their .fd does not undo this).
{\fontencoding{T1}\fontfamily{qtm}\selectfont}
\DeclareFontShape{T1}{qtm}{b}{n}{<->ssub*qhv/b/n}{}
\DeclareFontShape{T1}{qtm}{bx}{n}{<->ssub*qhv/b/n}{}
\DeclareFontShape{T1}{qtm}{b}{it}{<->ssub*qhv/b/it}{}
\DeclareFontShape{T1}{qtm}{bx}{it}{<->ssub*qhv/b/it}{}
\DeclareFontShape{T1}{qtm}{b}{sl}{<->ssub*qhv/b/sl}{}
\DeclareFontShape{T1}{qtm}{bx}{sl}{<->ssub*qhv/b/sl}{}
% Contents entries of chapters in the headings' sans-serif, Latin words too
% (ujbook sets them in bold Times beside the Gothic).
\patchcmd{\l@chapter}{\leavevmode\bfseries}{\leavevmode\py@HeaderFamily}{}{}
% Latin words inside Japanese lines are not hyphenated (a language without
% patterns); code blocks still wrap where they did, their breaks are not
% hyphenation.
\ifcsname l@nohyphenation\endcsname
  \language=\csname l@nohyphenation\endcsname
\else
  \language=255
\fi
% The last two characters of a heading stay together: no kanji alone on a line
% (the translator wraps them, see keep_together).
\DeclareRobustCommand{\guidekitnobreak}[1]{\mbox{#1}}
\AtBeginDocument{\pdfstringdefDisableCommands{\let\guidekitnobreak\@firstofone}}
\makeatother
"""

#: Japanese paragraphs and list items never end with one character alone on
#: their last line (「を。」): upLaTeX's penalty for it, 500, loses to spacing a
#: line of kana a little; it is forbidden here, with an emergency stretch so that
#: TeX spaces the lines out instead of overfilling one.
JA_LINE_BREAKS = r"""
\jcharwidowpenalty=10000
\emergencystretch=1zw
"""

#: A one-of group has its own entry in the contents and bookmarks ("7 Do one of
#: the following: 7A ... or 7B ..."), with the chapters of its alternatives one
#: level below it. ``\guidekitchoice{7}{title}`` before the first alternative:
#: the entry is written by that chapter's own \addcontentsline, so that it points
#: to the chapter's anchor and page; ``\guidekitchoiceend`` before the next step.
CHOICE_CONTENTS = r"""
\makeatletter
\def\guidekit@below@chapter{section}
\def\guidekit@below@section{subsection}
\def\guidekit@below@subsection{subsubsection}
\def\guidekit@below#1{%
  \ifcsname guidekit@below@#1\endcsname\csname guidekit@below@#1\endcsname\else#1\fi}
\let\guidekit@parent\relax
% (The choice's entry has an anchor of its own, here: hyperref gives an anchor
% to one entry only, and the chapter's entry follows.)
\def\guidekit@demotedcontentsline#1#2{%
  \ifx\guidekit@parent\relax\else
    \let\guidekit@href\@currentHref
    \phantomsection\guidekit@parent\global\let\guidekit@parent\relax
    \global\let\@currentHref\guidekit@href
  \fi
  \edef\guidekit@next{\noexpand\guidekit@addcontentsline{#1}{\guidekit@below{#2}}}%
  \guidekit@next}
% The contents show one level more under a choice: the alternatives' sections.
\newcommand{\guidekitchoice}[2]{%
  \ifdefined\guidekit@addcontentsline\else\let\guidekit@addcontentsline\addcontentsline\fi
  \ifx\addcontentsline\guidekit@demotedcontentsline\else
    \addtocontents{toc}{\protect\addtocounter{tocdepth}{1}}%
  \fi
  \gdef\guidekit@parent{\guidekit@addcontentsline{toc}{chapter}{\protect\numberline{#1}#2}}%
  \global\let\addcontentsline\guidekit@demotedcontentsline}
\newcommand{\guidekitchoiceend}{%
  \ifx\addcontentsline\guidekit@demotedcontentsline
    \global\let\addcontentsline\guidekit@addcontentsline
    \addtocontents{toc}{\protect\addtocounter{tocdepth}{-1}}%
  \fi}
\makeatother
"""

#: Japanese: uplatex (Sphinx's default for ``ja``) with the HaranoAji fonts,
#: which pxchfon maps for dvipdfmx so that they are embedded; chapter titles
#: in the sans-serif of the other headings (titlesec would set Latin text in
#: them in the serif).
JA_FONTS = r"\usepackage[haranoaji]{pxchfon}"
JA_EXTRAS = "\n".join(
    [
        JA_FONTS,
        r"\makeatletter",
        r"\titleformat{\chapter}[hang]{\LARGE\py@HeaderFamily\gtfamily\raggedright}"
        r"{\guidekitchapterlabel}{1zw}{}",
        # titlesec now makes the chapters: they flow like sections, as in English.
        r"\titleclass{\chapter}{straight}",
        r"\titlespacing*{\chapter}{0pt}{4ex plus 1ex minus .2ex}{2.5ex plus .2ex}",
        # A fifth of a page: Japanese lines are taller, a third left pages nearly empty.
        r"\pretocmd{\chapter}{\par\needspace{0.2\textheight}}{}{}",
        r"\makeatother",
        # The running header joins title and release with a Japanese comma.
        r"\renewcommand{\sphinxheadercomma}{、}",
        JA_TYPESETTING,
        JA_LINE_BREAKS,
    ]
)


#: English: a chapter is a step, headed by its number as the guide numbers it
#: (7, 7A, 7A.1) and its title, not fncychap's "CHAPTER SEVEN" page opener
#: (which spells LaTeX's own counter); chapters flow like sections.
EN_CHAPTERS = "\n".join(
    [
        r"\makeatletter",
        r"\titleformat{\chapter}[hang]{\LARGE\py@HeaderFamily\bfseries\raggedright}"
        r"{\thechapter}{1em}{}",
        r"\titleclass{\chapter}{straight}",
        r"\titlespacing*{\chapter}{0pt}{4ex plus 1ex minus .2ex}{2.5ex plus .2ex}",
        r"\pretocmd{\chapter}{\par\needspace{0.3\textheight}}{}{}",
        r"\makeatother",
    ]
)


def tex_escape(text: str, engine: str = "pdflatex") -> str:
    """``text`` as LaTeX for ``engine`` (Sphinx's escaping, set up on first use)."""
    texescape.init()  # cheap and idempotent; the LaTeX builder may not have run it yet
    return texescape.escape(text, engine)


def latex_documents(manifest: Manifest, author: str) -> list[LatexDocument]:
    """One ``latex_documents`` entry per guide: ``guides/<id>/index`` -> ``<id>.tex``.

    The title is left empty so that Sphinx takes the guide page's own (and so
    translated) title; the step pages come in through that page's toctree.
    """
    return [
        (g.docname, f"{g.id}.tex", "", tex_escape(author), "manual", False) for g in manifest.guides
    ]


def build_date() -> date:
    """The day of the build: ``SOURCE_DATE_EPOCH`` (UTC) for a reproducible build,
    else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(float(epoch), tz=UTC).date()
    return date.today()


def pdf_date(language: str, day: date) -> str:
    """The title page's date as LaTeX: the language's long form (CLDR, through
    Babel), unpadded: ``December 5, 2026``, ``2026年12月5日`` (in Japanese without
    the space upLaTeX would add between digits and 年月日)."""
    try:
        text = format_date(day, "long", locale=language)
    except (UnknownLocaleError, ValueError):
        text = format_date(day, "long", locale="en")
    text = tex_escape(text, "uplatex" if language == "ja" else "pdflatex")
    if language == "ja":
        return rf"\mbox{{\noautoxspacing {text}}}"
    return text


def latex_elements(language: str, given: dict[str, str]) -> dict[str, str]:
    """Sphinx's ``latex_elements`` with guidekit's defaults; keys in ``given``
    win, except ``preamble``, which is added after guidekit's."""
    elements = {
        "papersize": "a4paper",
        "pointsize": "10pt",
        "sphinxsetup": SPHINXSETUP,
        "maketitle": r"\guidekitmaketitle",
        # The guide's introduction follows the contents: not under "Contents".
        "tableofcontents": r"\guidekittableofcontents\markboth{}{}",
        "printindex": "",
        # Read on screen: no blank pages before chapters.
        "extraclassoptions": "openany,oneside",
    }
    if language == "ja":
        elements["extrapackages"] = JA_EXTRAS
    else:
        elements["fncychap"] = ""
        elements["extrapackages"] = EN_CHAPTERS
    elements.update({k: v for k, v in given.items() if k != "preamble"})
    elements["preamble"] = TITLE_PAGE + CHOICE_CONTENTS + given.get("preamble", "")
    return elements


def path_text(guide: Guide, product: str) -> str:
    """The upgrade path as the title page shows it: ``<product> 4.3 → 4.4``,
    ``<product> 4.4.z`` (``product``: the manifest's product name)."""
    if guide.from_version == guide.to_version:
        return f"{product} {guide.to_version}.z"
    return f"{product} {guide.from_version} \u2192 {guide.to_version}"


#: The chapter of a guide's front page in the PDF.
ABOUT = N_("About this guide")

#: After a link of the overview, a choice or a "continue with" line: its page.
PAGE = N_("(page {page})")

#: The note on the title page that explains the mark of a wrapped code line
#: (there, it moves no page of the guide).
WRAP_MARK = N_(
    "A line of a code block that starts with {mark} continues the line above it: "
    "the page was too narrow for one line. Type or copy the two as one line."
)

#: ... and, when that line ends with the red mark of a blank, what it means.
WRAP_SPACE = N_(
    "When the line above ends with {space}, it was broken at a blank: "
    "type one space between the two."
)

#: The title page's links to the web edition of the guide and to the upgrade helper.
WEB_GUIDE = N_("This guide on the web (HTML)")
WEB_HELPER = N_("The upgrade helper: the steps for your environment")
#: The title page's link for reporting a problem (``guidekit_feedback_url``).
REPORT_PROBLEM = N_("Report a problem with this guide")

#: Where links lead to other steps: the reader of paper needs their page numbers.
NAVIGATION_CLASSES = ("guidekit-overview", "guidekit-choice", "guidekit-alternatives")


def _in_navigation(node: nodes.Node) -> bool:
    parent = node.parent
    while parent is not None:
        if isinstance(parent, next_step) or any(
            c in NAVIGATION_CLASSES for c in parent.get("classes", [])
        ):
            return True
        parent = parent.parent
    return False


def visit_next_step(self: LaTeXTranslator, node: nodes.Element) -> None:
    """In the PDF, the "Next:" line only where the next page is not the next
    step: after the last step of an alternative ("continue with step 8")."""
    if not node.get("pdf"):
        raise SkipNode


def depart_next_step(self: LaTeXTranslator, node: nodes.Element) -> None:
    pass


#: The note above each alternative (a tab in HTML) of the PDF.
ALTERNATIVE = N_("Alternative: do this only if it applies to you")


def after_sentence(text: str) -> str:
    """What follows ``text`` before the next sentence: a blank, but nothing after
    a full-width stop or colon (``。``, ``：``)."""
    return "" if unicodedata.east_asian_width(text[-1:] or " ") in "WF" else " "


def web_url(page: str, language: str, pdf_folder: PurePosixPath, baseurl: str = "") -> str:
    """The address of the HTML file ``page`` (``guides/<id>/index.html``) of
    ``language`` from a PDF in ``pdf_folder`` (relative to the site's root): relative,
    so that it works wherever the site is served, or absolute from ``baseurl``
    (``html_baseurl``: where the site, with its ``<lang>/`` folders, is served)."""
    path = f"{language}/{page}"
    if baseurl:
        return baseurl.rstrip("/") + "/" + path
    return "../" * len(pdf_folder.parts) + path


def _href(url: str, text: str, engine: str) -> str:
    """``\\href`` that survives being stored in a macro (``#``, ``%``, ``~``)."""
    url = url.replace("%", r"\%").replace("#", r"\#").replace("~", r"\%7E")
    return rf"\href{{{url}}}{{{tex_escape(text, engine)}}}"


def title_macros(
    guide: Guide,
    topology_label: str,
    language: str,
    engine: str,
    product: str,
    links: Sequence[tuple[str, str]] = (),
) -> str:
    """LaTeX that fills in one document's title page facts (and its translated notes);
    ``links``: (text, URL) of the web pages it names."""
    values = {
        "guidekittopology": topology_label,
        "guidekitpath": path_text(guide, product),
        "guidekitlanguage": language_name(language),
        "guidekitalternative": _(ALTERNATIVE),
    }
    before, _sep, after = _(WRAP_MARK).partition("{mark}")
    note = tex_escape(before, engine) + r"\guidekitcontinuedmark{}" + tex_escape(after, engine)
    before, _sep, after = _(WRAP_SPACE).partition("{space}")
    note += (
        after_sentence(_(WRAP_MARK))
        + tex_escape(before, engine)
        + r"\guidekitspacemark{}"
        + tex_escape(after, engine)
    )
    web = r"\\".join(_href(url, text, engine) for text, url in links)
    return (
        "".join(
            rf"\renewcommand{{\{name}}}{{{tex_escape(value, engine)}}}" + "\n"
            for name, value in values.items()
        )
        + rf"\renewcommand{{\guidekitwrapnote}}{{{note}}}"
        + "\n"
        + rf"\renewcommand{{\guidekitweblinks}}{{{web}}}"
        + "\n"
    )


# --- Sphinx adapter ---------------------------------------------------------


def _configure(app: Sphinx, config: Config) -> None:
    """config-inited: compute latex_documents and latex_elements."""
    if not config.guidekit_latex:
        return
    try:
        manifest = load_manifest(project_paths(app).manifest)
    except (GuideError, OSError):
        return  # reported with its file and line when the build loads the project
    config.latex_documents = latex_documents(manifest, config.author)
    given = config.latex_elements
    if not isinstance(given, dict):
        raise ConfigError("latex_elements must be a mapping of names to LaTeX text")
    config.latex_elements = latex_elements(config.language or "en", given)


def _translate(builder: LaTeXBuilder, docname: str, text: str) -> str:
    """``text`` through guidekit's UI catalog, else the catalog of ``docname``."""
    from sphinx.locale import init as init_locale
    from sphinx.util.i18n import docname_to_domain

    config = builder.config
    if not config.language or config.language == "en":
        return text
    if _(text) != text:
        return _(text)
    dirs = [str(Path(builder.srcdir) / d) for d in config.locale_dirs]
    catalog, has_catalog = init_locale(
        dirs, config.language, docname_to_domain(docname, config.gettext_compact)
    )
    return catalog.gettext(text) if has_catalog else text


#: Characters of a code line that fit the text width of the PDF (A4, 10pt,
#: Sphinx's margins), and how many fewer each level of list indentation leaves.
CODE_WIDTH = 84
LIST_INDENT = 6


def code_width(node: nodes.Element) -> int:
    depth = 0
    parent = node.parent
    while parent is not None:
        if parent.tagname == "list_item":
            depth += 1
        parent = parent.parent
    return max(CODE_WIDTH - LIST_INDENT * depth, 40)


#: The step numbers a heading ends with: 「（または 11A）」, 「（または 4B、4C）」.
STEP_REFERENCE_END = re.compile(r"\d+[A-Z]?(?:[、,]\s*\d+[A-Z]?)*[）)]$")


def keep_together(text: str) -> tuple[str, str]:
    """A Japanese heading's text split before the end that the PDF keeps on one
    line: the step numbers it ends with (「11A）」, never 「11」 / 「A）」), else its
    last two characters (no kanji alone on the last line): ``("…の移", "行")`` is
    never printed. ``(text, "")`` when the end is a blank or too short."""
    reference = STEP_REFERENCE_END.search(text)
    if reference and reference.start() > 0:
        return text[: reference.start()], text[reference.start() :]
    if len(text) < 3 or any(c.isspace() for c in text[-2:]):
        return text, ""
    return text[:-2], text[-2:]


class GuideLaTeXTranslator(LaTeXTranslator):
    """Sphinx's LaTeX translator, with the title page facts of the guide, the
    guide's step numbers as chapter numbers, and page numbers after the links of
    the overview, choice boxes and "continue with" lines."""

    def visit_reference(self, node: nodes.Element) -> None:
        super().visit_reference(node)
        uri = node.get("refuri", "")
        if (
            uri.startswith("%")
            and self.context
            and self.context[-1] == "}}}"
            and _in_navigation(node)
        ):
            target = uri[1:] + "::doc" if "#" not in uri else uri[1:].replace("#", ":")
            before, _sep, after = _(PAGE).partition("{page}")
            page = rf"\pageref*{{{self.idescape(target)}}}"
            self.context[-1] += " " + self.escape(before) + page + self.escape(after)

    def visit_literal_block(self, node: nodes.Element) -> None:
        if "guidekit-command" in node.get("classes", []):
            # Break long commands between arguments, with "\" (guidekit.pdf.wrap).
            text = break_commands(node.astext(), code_width(node))
            if text != node.astext():
                node.rawsource = text
                node.children = []
                node += Text(text)
        parts: list[FilePart] = []
        text = node.astext()
        if "guidekit-file" in node.get("classes", []) and text.strip("\n") == text:
            # File contents are cut where guidekit.pdf.wrap chooses, not at a dot.
            parts = break_file(text, code_width(node))
            if any(part.continues for part in parts):
                node.rawsource = "\n".join(part.text for part in parts)
                node.children = [Text(node.rawsource)]
            else:
                parts = []
        output = "guidekit-output" in node.get("classes", [])
        if output:
            self.body.append("\n\\begingroup\\guidekitoutputstyle")
        start = len(self.body)
        try:
            super().visit_literal_block(node)
        except SkipNode:
            if parts and not self._mark_parts(parts, start):
                # Not one highlighted line per part: the block as written, LaTeX wraps it.
                del self.body[start:]
                node.rawsource = text
                node.children = [Text(text)]
                with suppress(SkipNode):
                    super().visit_literal_block(node)
            # Sphinx writes the whole block in visit: the group ends here.
            if output:
                self.body.append("\\endgroup\n")
            raise

    def _mark_parts(self, parts: list[FilePart], start: int) -> bool:
        """LaTeX's own marks on the parts of a file's lines: the wrap mark before a
        part that continues a line, the mark of a blank after one cut at a blank."""
        found = [
            i for i in range(start, len(self.body)) if r"\begin{sphinxVerbatim" in self.body[i]
        ]
        if not found:
            return False
        index = found[-1]
        lines = self.body[index].split("\n")
        first = next(i for i, line in enumerate(lines) if r"\begin{sphinxVerbatim" in line) + 1
        if lines[first + len(parts) : first + len(parts) + 1] != [r"\end{sphinxVerbatim}"]:
            return False
        for offset, part in enumerate(parts):
            line = lines[first + offset]
            if part.continues:
                line = r"\sphinxafterbreak{}" + line
            if part.at_blank:
                line += r"{\copy\sphinxvisiblespacebox}"
            lines[first + offset] = line
        self.body[index] = "\n".join(lines)
        return True

    def depart_literal_block(self, node: nodes.Element) -> None:
        super().depart_literal_block(node)
        if "guidekit-output" in node.get("classes", []):
            self.body.append("\\endgroup\n")

    def __init__(self, document: nodes.document, builder: LaTeXBuilder, theme: Theme) -> None:
        super().__init__(document, builder, theme)
        docname = getattr(self.settings, "_docname", "")
        project = loaded_project(builder.env)
        if project is None:
            return
        guide = next((g for g in project.manifest.guides if g.docname == docname), None)
        if guide is None:
            return
        label = project.manifest.topologies.get(guide.topology, guide.topology)
        language = self.config.language or "en"
        self.elements["preamble"] += title_macros(
            guide,
            _translate(builder, docname, label),
            language,
            self.config.latex_engine,
            project.manifest.product,
            self._web_links(docname, language),
        )
        # The release is the guide's own (4.3 for 4.2 -> 4.3), not conf.py's.
        self.elements["release"] = self.escape(guide.to_version)
        self.elements["date"] = pdf_date(self.config.language or "en", build_date())
        # conf.py's author, translated like the rest of the page chrome (sphinx.po).
        author = str(get_translation("sphinx")(self.config.author))
        self.elements["author"] = tex_escape(author, self.config.latex_engine)

    def _web_links(self, docname: str, language: str) -> list[tuple[str, str]]:
        """(text, URL) of this guide's HTML edition and of the upgrade helper, in the
        published site (guidekit.model.paths: ``<lang>/`` beside ``pdf/<lang>/``), and
        of the feedback form when conf.py gives ``guidekit_feedback_url``."""
        paths = project_paths(self.builder.app)
        folder = PurePosixPath(paths.pdf_folder(language).relative_to(paths.site).as_posix())
        suffix = self.config.html_file_suffix or ".html"
        baseurl = self.config.html_baseurl or ""
        pages = [(WEB_GUIDE, docname)]
        pages += [(WEB_HELPER, d) for d in helper_pages(self.builder.env)[:1]]
        links = [(_(text), web_url(doc + suffix, language, folder, baseurl)) for text, doc in pages]
        # The feedback address, filled in for the guide: its title, and the path
        # of its HTML front page, as the footer of that page fills it in.
        title = self.builder.env.titles.get(docname)
        text = title.astext().strip() if title is not None else docname
        report = feedback_link(self.builder.app, docname, text, target=docname + suffix)
        return [*links, (_(REPORT_PROBLEM), report)] if report else links

    def visit_Text(self, node: Text) -> None:
        title = node.parent
        if (
            self.config.language == "ja"
            and isinstance(title, nodes_.title)
            and isinstance(title.parent, nodes_.section)
            and title.children[-1] is node
        ):
            head, tail = keep_together(node.astext())
            if tail:
                tail = rf"\guidekitnobreak{{{self.encode(tail)}}}"
                self.body.append(self.encode(head) + tail)
                return
        super().visit_Text(node)

    def _page(self, docname: str) -> tuple[Guide, Step | None] | None:
        project = loaded_project(self.builder.env)
        return project.manifest.page(docname) if project is not None else None

    def _choice_entry(self, guide: Guide, step: Step) -> str:
        """Before a step's chapter: a choice's entry in the contents and bookmarks,
        in the words of the HTML overview, before its first alternative; the end
        of the choice's level before the next plain step."""
        item = guide.item_of(step)
        if not item.is_choice:
            return "\\guidekitchoiceend\n"
        if step is not item.steps[0]:
            return ""
        docname = self.curfilestack[-1]
        cases = _(" or ").join(
            f"{item.number}{branch.letter} {_translate(self.builder, docname, branch.condition)}"
            for branch in item.branches
        )
        lead = _("Do one of the following:")
        title = self.escape(lead + after_sentence(lead) + cases)
        return rf"\guidekitchoice{{{item.number}}}{{{title}}}" + "\n"

    def visit_title(self, node: nodes.Element) -> None:
        was_title = self.this_is_the_title
        if (
            isinstance(node.parent, nodes_.section)
            and not was_title
            and self.sectionlevel == self.top_sectionlevel
            and self.curfilestack
        ):
            page = self._page(self.curfilestack[-1])
            if page is not None and page[1] is not None:
                # The chapter's number is the step's number in the guide (7, 7A,
                # 7A.1), as in HTML and the checklists; LaTeX's counter still counts
                # for unique anchors.
                number = self.escape(page[0].number(page[1]))
                self.body.append(self._choice_entry(page[0], page[1]))
                self.body.append(rf"\renewcommand{{\thechapter}}{{{number}}}" + "\n")
        try:
            super().visit_title(node)
        except SkipNode:
            if was_title:
                # What comes before the first step (introduction, considerations,
                # overview) is a chapter of its own in the contents and bookmarks.
                name = self.escape(_(ABOUT))
                self.body.append(
                    rf"\chapter*{{{name}}}\addcontentsline{{toc}}{{chapter}}"
                    rf"{{{name}}}\markboth{{{name}}}{{{name}}}" + "\n"
                )
            raise


def setup_latex(app: Sphinx) -> None:
    app.connect("config-inited", _configure)
    app.set_translator("latex", GuideLaTeXTranslator, override=True)


__all__ = ["latex_documents", "latex_elements", "setup_latex", "title_macros", "web_url"]

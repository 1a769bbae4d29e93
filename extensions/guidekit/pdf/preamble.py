"""The LaTeX preamble of every guide's PDF: Sphinx's ``latex_elements`` with
guidekit's defaults (title page, wrapping of long commands, contents of choices,
chapters as steps; Japanese fonts and typesetting from guidekit.pdf.japanese),
and the escaping of text into LaTeX."""

from __future__ import annotations

from sphinx.util import texescape

from guidekit.pdf.japanese import JA_EXTRAS

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
#: (macros that each document defines, see guidekit.pdf.title_page).
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

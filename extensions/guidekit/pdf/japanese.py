"""Japanese typesetting in the PDF (uplatex): fonts, headers, footers, contents
and line breaks as a Japanese reader expects them, and the ends of headings kept
on one line."""

from __future__ import annotations

import re

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

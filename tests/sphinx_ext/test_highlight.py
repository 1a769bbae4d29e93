"""Command highlighting: builtins only where a command starts, placeholders marked."""

from __future__ import annotations

from pygments.token import Generic, Name

from guidekit.sphinx_ext.highlight import GuidekitConsoleLexer, PlaceholderTextLexer


def tokens(lexer: object, text: str) -> list[tuple[object, str]]:
    return [(kind, value) for kind, value in lexer.get_tokens(text)]  # type: ignore[attr-defined]


def test_enable_is_an_argument_of_dnf_module() -> None:
    found = tokens(GuidekitConsoleLexer(), "# dnf module -y enable pki-deps\n")
    assert (Name.Builtin, "enable") not in found
    assert "".join(v for _k, v in found) == "# dnf module -y enable pki-deps\n"
    assert (Name.Builtin, "cd") in tokens(GuidekitConsoleLexer(), "# cd /tmp && echo x\n")
    assert (Name.Builtin, "echo") in tokens(GuidekitConsoleLexer(), "# cd /tmp && echo x\n")


def test_placeholders_are_one_token() -> None:
    found = tokens(GuidekitConsoleLexer(), "# subscription-manager attach --pool=<pool_id>\n")
    assert (Generic.Emph, "<pool_id>") in found
    assert (Generic.Prompt, "# ") in found
    found = tokens(PlaceholderTextLexer(), '"password": "<password>",\n')
    assert (Generic.Emph, "<password>") in found
    # Redirections and heredocs are not placeholders.
    found = tokens(GuidekitConsoleLexer(), "# cat <<EOF > /tmp/x\nEOF\n")
    assert not any(kind is Generic.Emph for kind, _v in found)

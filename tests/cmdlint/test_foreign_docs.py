"""Documentation nobody here wrote (issue 18): the shapes that drew false errors stay
quiet or become warnings, and the real mistakes of the same shapes are still errors."""

from __future__ import annotations

from cmdlint.engine import lint_texts
from cmdlint.model import Finding, Severity
from cmdlint.registry import Context

FENCE = "`" * 3


def lint(text: str, path: str = "doc.md") -> list[Finding]:
    return lint_texts({path: text}, Context())


def md(body: str, tag: str = "bash") -> str:
    return f"Text.\n\n{FENCE}{tag}\n{body}\n{FENCE}\n"


def errors(text: str, path: str = "doc.md") -> list[tuple[int, str]]:
    return [(f.line, f.rule) for f in lint(text, path) if f.severity is Severity.ERROR]


def test_comment_on_top_of_a_script_is_no_root_prompt() -> None:
    script = "# Create the namespace first\nkubectl create namespace demo\nkubectl get pods -A\n"
    assert errors(md(script)) == []


def test_root_prompts_stay_prompts_and_a_lost_one_is_reported() -> None:
    session = "# semanage fcontext -a -t glusterd_brick_t /bricks\nrestorecon -Rv /bricks\n"
    assert (5, "missing-prompt") in errors(md(session, "console"))
    assert (5, "missing-prompt") in errors(md(session, ""))


def test_hash_lines_in_a_heredoc_body_are_data() -> None:
    body = "# cat <<EOF > /etc/app.conf\n# not a prompt\nkey = value\nEOF\n"
    assert errors(md(body, "console")) == []


def test_hugo_shortcodes_and_go_templates_are_markup() -> None:
    text = (
        'See {{< ref "install.md" >}} and {{% note %}}this{{% /note %}}.\n\n'
        + md("helm install x --set ns={{ .Values.namespace }}")
        + md("metadata:\n  namespace: {{.Namespace}}", "yaml")
    )
    assert errors(text) == []


def test_a_template_left_in_a_command_is_still_an_error() -> None:
    found = lint(md("$ systemctl restart {{ service_name }}", "console"))
    assert [(f.rule, f.severity) for f in found if f.rule == "unresolved-placeholder"] == [
        ("unresolved-placeholder", Severity.ERROR)
    ]


def test_other_languages_in_shell_blocks_are_not_bash() -> None:
    python = "from kubernetes import client\n\n# Define it\ndef train():\n    print('x')\n"
    promql = 'sum(rate(http_requests_total{job="api"}[5m])) by (code)\n'
    sql = "SELECT * FROM vms WHERE name = 'x';\n"
    powershell = "Get-ChildItem -Path C:\\\\temp\n"
    for body in (python, promql, sql, powershell):
        assert errors(md(body)) == [], body


def test_help_text_is_output() -> None:
    help_text = "Usage:\n  tool addons [flags]\n\nFlags:\n  --access-mode string   The mode.\n"
    assert errors(md(help_text, "")) == []


def test_yaml_documents_and_elisions() -> None:
    multi = "kind: A\n---\nkind: B\n"
    elided = "...\nspec:\n  replicas: 1\n  [...]\n"
    assert errors(md(multi, "yaml")) == []
    assert errors(md(elided, "yaml")) == []


def test_invalid_yaml_is_still_an_error_and_elided_json_a_warning() -> None:
    assert errors(md("spec:\n\treplicas: 1", "yaml")) == [(5, "data-syntax")]
    found = lint(md('{\n  "a": 1, // optional\n  "b": {...}\n}', "json"))
    assert [f.severity for f in found if f.rule == "data-syntax"] == [Severity.WARNING]


def test_json_lines() -> None:
    assert errors(md('{"a": 1}\n{"a": 2}', "json")) == []


def test_a_session_tagged_as_its_output_language() -> None:
    body = '$ kubectl get vm x -o json | jq .spec\n{\n  "cores": 1\n}'
    assert errors(md(body, "json")) == []


def test_venv_and_percent_prompts() -> None:
    assert errors(md("(venv) $ pip install cmdlint\n% ls -l /tmp", "console")) == []


def test_a_command_before_the_first_prompt_is_a_warning() -> None:
    body = "kubectl -n demo exec -it client -- bash\nroot@client:/# apt-get update"
    found = [f for f in lint(md(body, "bash")) if f.rule == "missing-prompt"]
    assert [f.severity for f in found] == [Severity.WARNING]


def adoc(block: str) -> str:
    return f"= Title\n\n. Run:\n+\n{block}\n"


def test_asciidoc_italic_placeholders_and_numbers() -> None:
    block = (
        '[source,terminal,subs="+quotes"]\n----\n'
        "$ oc login --token=__<token>__ --server=_<url>_\n$ sleep _60_\n----"
    )
    assert errors(adoc(block), "a.adoc") == []


def test_asciidoc_attribute_line_before_a_list_continuation() -> None:
    block = "[source,terminal]\n+\n----\n$ oc get pods\n----"
    assert errors(adoc(block), "a.adoc") == []


def test_asciidoc_open_block_as_a_listing() -> None:
    block = "[source,yaml]\n--\napiVersion: v1\nkind: ConfigMap\n--"
    assert errors(adoc(block), "a.adoc") == []
    broken = "[source,yaml]\n--\napiVersion: v1\nkind: ConfigMap\n\tdata: x\n--"
    assert [rule for _line, rule in errors(adoc(broken), "a.adoc")] == ["data-syntax"]

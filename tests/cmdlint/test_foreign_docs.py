"""Documentation nobody here wrote (issue 18): the shapes that drew false errors stay
quiet or become warnings, and the real mistakes of the same shapes are still errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from cmdlint.cli import main
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
    found = lint(md('{\n  "a": 1,\n  "b": 2\n  "c": 3,\n  "d": "…"\n}', "json"))
    assert [f.severity for f in found if f.rule == "data-syntax"] == [Severity.WARNING]
    at_elision = lint(md('{\n  "a": 1, // optional\n  "b": {...}\n}', "json"))
    assert [f.severity for f in at_elision if f.rule == "data-syntax"] == [Severity.INFO]


def test_json_lines() -> None:
    assert errors(md('{"a": 1}\n{"a": 2}', "json")) == []


def test_a_session_tagged_as_its_output_language() -> None:
    body = '$ kubectl get vm x -o json | jq .spec\n{\n  "cores": 1\n}'
    assert errors(md(body, "json")) == []


def test_venv_and_percent_prompts() -> None:
    assert errors(md("(venv) $ pip install cmdlint\n% ls -l /tmp", "console")) == []


def test_a_command_before_the_first_prompt_is_only_info() -> None:
    body = "kubectl -n demo exec -it client -- bash\nroot@client:/# apt-get update"
    found = [f for f in lint(md(body, "bash")) if f.rule == "missing-prompt"]
    assert [f.severity for f in found] == [Severity.INFO]


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


def test_output_after_the_commands_of_a_script() -> None:
    body = (
        "kubectl get svc\nNAME       TYPE        CLUSTER-IP    PORT(S)\n"
        "web-svc    ClusterIP   10.7.251.33   8080/TCP\n"
        "kubectl scale deploy/web --replicas=1\ndeployment.apps/web scaled\n"
        "curl -s localhost:4191/metrics | grep request_total\n"
        'request_total{\n  direction="inbound",\n  tls="true"\n} 697\n'
    )
    assert errors(md(body)) == []


def test_a_wrapped_option_in_a_script_is_still_an_error() -> None:
    body = (
        "kubectl create secret generic creds \\\n"
        "  --from-literal=user=me\n  --from-literal=password=pw\n"
    )
    assert (6, "wrapped-line") in errors(md(body))


def test_greater_than_prompts_and_comment_lines_in_a_session() -> None:
    gt = "# Install it in the west cluster\n> helm --kube-context=west repo up\n"
    mixed = "# --vm, to name the VM (optional)\n$ virtctl vmexport create name --vm=x\n"
    assert errors(md(gt)) == []
    assert errors(md(mixed, "sh")) == []


def test_standard_input_dash_is_no_split_word() -> None:
    body = "$ linkerd install | kubectl apply -f -\nnamespace/linkerd created"
    assert errors(md(body, "console")) == []


def test_blocks_with_prose_between_are_not_one_split_command() -> None:
    text = md("linkerd install-cni | kubectl apply -f -") + "\nThen:\n\n" + md("linkerd check")
    assert errors(text) == []


def test_argument_lists_and_file_lists_are_no_commands() -> None:
    assert errors(md("--dtype=half\n--max-model-len=20000")) == []
    assert errors(md("/etc/pki/tls/certs/ca.crt\n/etc/ssl/certs/ca.crt")) == []


def test_a_variable_spliced_into_a_quoted_string_is_no_quoted_space() -> None:
    body = """kubectl patch -f x -p '{"by":"linkerd/cli '"${VERSION}"'"}'"""
    assert errors(md(body)) == []
    glued = "$ echo 'a '\"b\""
    assert [rule for _line, rule in errors(md(glued, "console"))] == ["quoted-space"]


def test_data_in_shell_and_json_tagged_blocks() -> None:
    assert errors(md('{\n  "auths": {\n    "quay.io": {"auth": "x"}\n  }\n}\n# The result')) == []
    assert errors(md('view_clusters("my_project")')) == []
    assert errors(md('"caBundle": "ca-bundle",\n"tlsSkipVerify": false', "json")) == []
    assert errors(md("apiVersion: v1\nkind: ConfigMap", "json")) == []
    assert errors(md("  apiVersion: v1\n   kind: ConfigMap", "json")) == [(5, "data-syntax")]


def test_asciidoc_attribute_in_a_comment_of_the_block_is_style() -> None:
    text = (
        ":product: Open Data Hub\n\n[source,yaml]\n----\n"
        "env:\n  # needed in {product} 3.2\n  - name: HOST\n----\n"
        "\n[source,terminal]\n----\n$ oc get {product}\n----\n"
    )
    found = [(f.line, f.severity) for f in lint(text, "a.adoc") if f.rule == "asciidoc-attribute"]
    assert found == [(6, Severity.INFO), (12, Severity.ERROR)]


def test_a_unit_wrapped_after_systemctl_status_is_reported() -> None:
    body = "# systemctl status\novirt-engine-dwhd\n"
    assert (5, "wrapped-line") in errors(md(body, "console"))
    assert errors(md("# systemctl status ovirt-engine-dwhd\n● ovirt-engine-dwhd", "console")) == []


def test_findings_in_included_files_name_them_relative(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "master.adoc").write_text("= M\n\ninclude::sub/part.adoc[]\n", encoding="utf-8")
    (tmp_path / "sub" / "part.adoc").write_text(
        "== P\n\n[source,terminal]\n----\n$ oc get pods -n demo\n  --all\n----\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert main(["master.adoc", "--no-cache"]) == 1
    out = capsys.readouterr().out
    assert "sub/part.adoc:6:" in out and str(tmp_path) not in out


def test_a_loop_whose_do_is_on_the_next_line() -> None:
    assert errors(md('for host in a b c;\ndo\n  echo "$host"\ndone')) == []
    assert [rule for _l, rule in errors(md('for host in a b c;\ndo\n  echo "$host"'))] == ["syntax"]

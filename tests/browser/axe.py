"""axe-core (npm, pinned in package.json) in a Playwright page. The CSP allows only
same-origin scripts, so the script is served by Playwright at a same-origin address
(`page.route`) instead of relaxing the policy for the test."""

from tests.public_pages import require_node_module

AXE_PATH = "/__axe__/axe.min.js"
# WCAG 2.2 AA and everything below it.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def serve_axe(context) -> None:
    """Answers AXE_PATH on any origin of this browser context with axe-core's script."""
    script = require_node_module("axe-core/axe.min.js").read_text()
    context.route(
        f"**{AXE_PATH}",
        lambda route: route.fulfill(status=200, content_type="application/javascript", body=script),
    )


def axe_violations(page, *, tags=AXE_TAGS) -> list[dict]:
    """axe-core's violations on the page as loaded: [{id, impact, help, nodes: [target…]}]."""
    page.add_script_tag(url=AXE_PATH)
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags)
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "nodes": [" ".join(map(str, node["target"])) for node in violation["nodes"]][:5],
            "count": len(violation["nodes"]),
        }
        for violation in result["violations"]
    ]

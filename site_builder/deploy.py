"""site-builder deploy: push the built output folder to a branch (gh-pages) as one new
commit, as `mkdocs gh-deploy` does. The commit is made with git plumbing against a
temporary index, so the user's working tree, index and current branch are never touched;
its parent is the remote branch as it is, so the branch keeps its history, and a push that
is not a fast-forward (someone deployed meanwhile) fails instead of overwriting."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import urlsplit

from site_builder import __version__
from site_builder.cache import BuildCache
from site_builder.config import Config

# Addresses no site is published at: the starter's site.yaml (example.github.io), the names
# RFC 2606 and 6761 reserve for examples and tests, and this machine (the dev server's)
PLACEHOLDER_HOSTS = ("example.github.io", "example.com", "example.net", "example.org")
RESERVED_TLDS = ("example", "test", "invalid", "localhost")


class DeployError(Exception):
    pass


@dataclass(frozen=True)
class Deployed:
    commit: str | None  # None: the site is the same as on the branch, nothing was pushed
    parent: str | None  # the branch's commit before, None if it did not exist


def _git(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
         failure: str | None = None) -> str:
    """git's output; DeployError with git's own message when it fails."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True,
                              text=True, check=False)
    except FileNotFoundError as exc:
        raise DeployError("git is not installed") from exc
    if done.returncode != 0:
        detail = done.stderr.strip() or done.stdout.strip()
        raise DeployError(f"{failure or 'git ' + ' '.join(args) + ' failed'}: {detail}")
    return done.stdout.strip()


def deploy(site_dir: Path, repo: Path, remote: str = "origin", branch: str = "gh-pages",
           message: str | None = None) -> Deployed:
    """Commit site_dir as the whole tree of remote's branch, on top of it, and push."""
    if not (site_dir / "index.html").is_file():
        raise DeployError(f"{site_dir} holds no built site: run site-builder build first")
    git_dir = _git("rev-parse", "--absolute-git-dir", cwd=repo, failure=f"{repo} is not in a git repository")
    git = partial(_git, "--git-dir", git_dir)  # every later command names the repository itself
    ref = f"refs/heads/{branch}"
    git("check-ref-format", ref, failure=f"{branch!r} is not a valid branch name")

    listed = git("ls-remote", "--heads", remote, ref, failure=f"cannot reach the remote {remote!r}")
    parent = None
    if listed:
        git("fetch", "--quiet", "--no-tags", remote, ref, failure=f"cannot fetch {branch} from {remote}")
        parent = git("rev-parse", "--verify", "FETCH_HEAD^{commit}")

    with tempfile.TemporaryDirectory(prefix="site-builder-deploy-") as tmp:
        index = {"GIT_INDEX_FILE": str(Path(tmp) / "index")}  # a fresh index: the user's stays as it is
        # --force: the output is published whole, whatever an ignore file says
        git("--work-tree", str(site_dir.resolve()), "add", "--all", "--force", ".", cwd=site_dir, env=index)
        tree = git("write-tree", env=index)
    if parent and git("rev-parse", f"{parent}^{{tree}}") == tree:
        return Deployed(None, parent)

    if message is None:
        try:
            source = git("rev-parse", "--short", "HEAD")
        except DeployError:  # a repository without commits yet
            source = "the working tree"
        message = f"Deploy {source} with site-builder {__version__}"
    commit = git("commit-tree", tree, *(("-p", parent) if parent else ()), "-m", message,
                 failure="cannot commit the site")
    git("push", "--quiet", remote, f"{commit}:{ref}", failure=f"cannot push to {remote} {branch}")
    return Deployed(commit, parent)


def placeholder(url: str) -> bool:
    """Whether url is an address no site is published at."""
    host = (urlsplit(url).hostname or "").rstrip(".")
    return (not host or any(host == h or host.endswith("." + h) for h in PLACEHOLDER_HOSTS)
            or host.rsplit(".", 1)[-1] in RESERVED_TLDS or host.startswith("127.") or host in ("::1", "0.0.0.0"))


def refusal(config: Config) -> str | None:
    """Why the built site must not be published as it is, if it must not: what the last
    build into the output folder recorded (BuildCache.built_for)."""
    made = BuildCache(config.root / ".cache").built_for(config.output_dir)
    folder = config.output_dir.name + "/"
    if made is None:
        return (f"no build of this project into {folder} is recorded (built elsewhere, or .cache/ was removed): "
                "run site-builder build first")
    if config.search and not made.search:
        return (f"{folder} was built without its search index (search: true in site.yaml): the published "
                "search page would find nothing; run site-builder build (and see its warnings)")
    if placeholder(made.base_url):
        return (f"{folder} was built for {made.base_url}, a placeholder: every absolute link, the feed and the "
                "sitemap would point there; set base_url in site.yaml (or build --base-url URL) to the address "
                "the site is published at, and build again")
    return None


def run_deploy(config: Config, remote: str, branch: str, message: str | None, force: bool = False) -> int:
    if (config.output_dir / "index.html").is_file() and (why := refusal(config)):
        if not force:
            print(f"error: not deployed: {why} (--force deploys it all the same)", file=sys.stderr)
            return 1
        print(f"warning: deploying all the same (--force): {why}", file=sys.stderr)
    try:
        done = deploy(config.output_dir, config.root, remote, branch, message)
    except DeployError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    if done.commit is None:
        print(f"{remote} {branch} already has this site; nothing to deploy")
    else:
        print(f"deployed {config.output_dir.name}/ to {remote} {branch} as {done.commit[:12]}")
    return 0

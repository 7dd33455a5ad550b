"""Load test: officers browsing, filtering, exporting and reporting progress (run by bench/loadtest.sh).

    locust -f bench/locustfile.py --headless -u 50 -r 5 -t 2m --only-summary --csv out/locust \
        --host http://127.0.0.1:8000

Each simulated officer logs in with one of the accounts in $LOAD_USERS (a JSON file of
[{"username": ..., "password": ...}], given out in turn), then keeps doing, with waits of 0.5-2 s:

    home page, the work programme list, the dashboard (browsing);
    the list behind a figure of the dashboard, for their unit, with a figure and a period (filtering);
    that list as XLSX (exporting);
    festival pages, when the festival app answers them (browsing);
    a progress report on an assignment their unit leads: the assignment's page, then a POST of
    its progress form with the CSRF token (submitting).

A submission counts as made when the server answers 302 back to the assignment (the action ran
and committed). Every submission carries a unique text "loadtest <run> <n>"; at the end the
submitted texts are written to $LOAD_SUBMITTED (JSON), and loadtest.sh counts the progress
reports stored with those texts: no lost write means every one of them is in the database.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
import time
from pathlib import Path

from locust import HttpUser, between, events, task

RUN = os.environ.get("LOAD_RUN", time.strftime("%Y%m%d%H%M%S"))
ACCOUNTS = json.loads(Path(os.environ["LOAD_USERS"]).read_text(encoding="utf-8")) if os.environ.get("LOAD_USERS") else []
_next_account = itertools.count()
_lock = threading.Lock()
SUBMITTED: list[dict] = []
_sequence = itertools.count(1)

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ROW = re.compile(r'<tr data-assignment="(\d+)"')
PROGRESS_FORM = re.compile(r'action="(/work/assignments/\d+/progress/)"')
FIGURES = ("in_progress", "overdue", "not_started", "assigned", "due")


def csrf_token(html: str) -> str | None:
    match = CSRF.search(html)
    return match.group(1) if match else None


class Officer(HttpUser):
    wait_time = between(0.5, 2)

    def on_start(self) -> None:
        if not ACCOUNTS:
            raise RuntimeError("LOAD_USERS names no account")
        self.account = ACCOUNTS[next(_next_account) % len(ACCOUNTS)]
        self.candidates: list[str] = []
        self.festival = True
        self.log_in()
        self.find_candidates()

    def log_in(self) -> None:
        page = self.client.get("/login/", name="/login/")
        token = csrf_token(page.text)
        with self.client.post(
            "/login/",
            data={"username": self.account["username"], "password": self.account["password"], "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/login/"},
            allow_redirects=False,
            name="/login/ (POST)",
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"log-in of {self.account['username']} answered {response.status_code}")

    def find_candidates(self) -> None:
        """Open work of the officer's unit, from the list behind "in progress" (then "overdue")."""
        year = time.localtime().tm_year
        for metric in ("in_progress", "overdue", "not_started"):
            params = {"metric": metric, "from": f"01/01/{year - 2}", "to": f"31/12/{year}"}
            response = self.client.get("/work/dashboard/list/", params=params, name="/work/dashboard/list/?metric")
            self.candidates = ROW.findall(response.text) if response.status_code == 200 else []
            if self.candidates:
                return

    # --- browsing ---

    @task(3)
    def home(self) -> None:
        self.client.get("/", name="/")

    @task(2)
    def programmes(self) -> None:
        self.client.get("/work/", name="/work/")

    @task(2)
    def dashboard(self) -> None:
        self.client.get("/work/dashboard/", name="/work/dashboard/")

    @task(1)
    def festival(self) -> None:
        if not self.festival:
            return
        with self.client.get("/festival/", name="/festival/", catch_response=True) as response:
            if response.status_code == 404:  # no festival pages in this build: not an error of the load
                self.festival = False
                response.success()

    # --- filtering and exporting ---

    def _list_params(self) -> dict[str, str]:
        year = time.localtime().tm_year
        return {"metric": random.choice(FIGURES), "from": f"01/01/{year}", "to": f"31/12/{year}"}

    @task(3)
    def filtered_list(self) -> None:
        params = self._list_params()
        response = self.client.get("/work/dashboard/list/", params=params, name="/work/dashboard/list/?metric")
        if params["metric"] in {"in_progress", "overdue", "not_started"} and response.status_code == 200:
            rows = ROW.findall(response.text)
            if rows:
                self.candidates = rows

    @task(1)
    def export_xlsx(self) -> None:
        params = self._list_params()
        with self.client.get(
            "/work/dashboard/list.xlsx", params=params, name="/work/dashboard/list.xlsx", catch_response=True
        ) as response:
            if response.status_code == 200 and not response.content.startswith(b"PK"):
                response.failure("the export is not an XLSX file")

    # --- submitting ---

    @task(2)
    def report_progress(self) -> None:
        if not self.candidates:
            self.find_candidates()
            return
        pk = random.choice(self.candidates)
        page = self.client.get(f"/work/assignments/{pk}/", name="/work/assignments/[id]/")
        form = PROGRESS_FORM.search(page.text) if page.status_code == 200 else None
        token = csrf_token(page.text) if form else None
        if form is None or token is None:
            self.candidates.remove(pk)  # not ours to report on, or no longer open
            return
        text = f"loadtest {RUN} {next(_sequence)}"
        with self.client.post(
            form.group(1),
            data={"progress": random.randint(1, 99), "text": text, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/work/assignments/{pk}/"},
            allow_redirects=False,
            name="/work/assignments/[id]/progress/ (POST)",
            catch_response=True,
        ) as response:
            if response.status_code == 302 and response.headers.get("Location", "").endswith(f"/work/assignments/{pk}/"):
                with _lock:
                    SUBMITTED.append({"assignment": int(pk), "text": text, "user": self.account["username"]})
            else:
                response.failure(f"progress report answered {response.status_code}")


@events.quitting.add_listener
def write_submitted(environment, **kwargs) -> None:
    path = os.environ.get("LOAD_SUBMITTED")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump({"run": RUN, "count": len(SUBMITTED), "submitted": SUBMITTED}, out, ensure_ascii=False)

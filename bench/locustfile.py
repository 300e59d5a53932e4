"""The simulated users of bench/load.py (run by locust in its own process, never imported by
pytest: locust patches the standard library with gevent).

Three kinds, in the proportions of a working day (70/20/10 by weight):
- portal readers: the home page, story pages, the search and the feeds;
- officers filing: a draft dossier, a small photo, then submitting it (with their API token);
- reviewers deciding: the "waiting for me" inbox, one dossier opened, forwarded or returned.
Every user waits 1 to 5 seconds between two requests, also between the steps of a task.
The accounts, tokens and addresses come from the JSON file named by DIENHINH_LOAD_DATA.
"""

import itertools
import json
import os
import random
import uuid

from locust import HttpUser, between, task

with open(os.environ["DIENHINH_LOAD_DATA"], encoding="utf-8") as _file:
    DATA = json.load(_file)
with open(DATA["photo"], "rb") as _file:
    PHOTO = _file.read()

_officers = itertools.cycle(DATA["officers"])
_reviewers = itertools.cycle(DATA["reviewers"])

GIVEN = ["Mai", "Lan", "Hùng", "Dũng", "Hạnh", "Phúc", "Nghĩa", "Ngọc", "Tâm", "Bình"]
FAMILY = ["Nguyễn Thị", "Trần Văn", "Lê Hoàng", "Phạm Minh", "Võ Thị", "Huỳnh Văn"]


class PortalReader(HttpUser):
    weight = 70
    wait_time = between(1, 5)

    @task(4)
    def home(self):
        self.client.get("/", name="portal: home")

    @task(4)
    def story(self):
        self.client.get(random.choice(DATA["stories"]), name="portal: story page")

    @task(2)
    def search(self):
        query = random.choice(DATA["searches"])
        self.client.get("/tim-kiem/", params={"q": query}, name="portal: search")

    @task(1)
    def feed(self):
        self.client.get(random.choice(["/rss/", "/atom/"]), name="portal: feed")


class _ApiUser(HttpUser):
    abstract = True
    wait_time = between(1, 5)
    pool = None

    def on_start(self):
        self.account = next(self.pool)
        self.client.headers["Authorization"] = f"Bearer {self.account['token']}"


class Officer(_ApiUser):
    weight = 20
    pool = _officers

    @task
    def file_a_dossier(self):
        name = f"{random.choice(FAMILY)} {random.choice(GIVEN)} {uuid.uuid4().hex[:6]}"
        created = self.client.post(
            "/api/v1/nominations",
            json={
                "plan_id": DATA["plan_id"],
                "unit_id": self.account["unit_id"],
                "subject_kind": "individual",
                "full_name": name,
                "birth_year": random.randint(1965, 2000),
                "field_id": random.choice(DATA["field_ids"]),
                "headline": "Đoàn viên tiêu biểu trong phong trào thi đua",
                "achievements": "<p>Hoàn thành xuất sắc nhiệm vụ nhiều năm liền.</p>",
            },
            name="officer: create draft",
        )
        if created.status_code != 201:
            return
        pk = created.json()["id"]
        self.wait()
        self.client.post(
            f"/api/v1/nominations/{pk}/photos",
            files={"file": ("anh.jpg", PHOTO, "image/jpeg")},
            data={"caption": "Ảnh tại nơi làm việc"},
            name="officer: upload photo",
        )
        self.wait()
        self.client.post(
            f"/api/v1/nominations/{pk}/submit",
            json={"confirm_duplicates": True},
            name="officer: submit",
        )


class Reviewer(_ApiUser):
    weight = 10
    pool = _reviewers

    @task
    def decide(self):
        inbox = self.client.get("/api/v1/inbox", name="reviewer: inbox")
        waiting = inbox.json().get("waiting", []) if inbox.status_code == 200 else []
        if not waiting:
            return
        pk = random.choice(waiting)["id"]
        self.wait()
        opened = self.client.get(f"/api/v1/nominations/{pk}", name="reviewer: open dossier")
        if opened.status_code != 200:
            return
        dossier = opened.json()
        allowed = dossier.get("allowed_actions", [])
        unit = dossier.get("current_unit")
        # What this reviewer saw: if another one decided meanwhile, the answer is a 409.
        seen = {
            "state": dossier["state"],
            "unit_id": unit and unit["id"],
            "round": dossier["round"],
        }
        self.wait()
        if "forward" in allowed and random.random() < 0.7:
            action, body = "forward", {"comment": "Đủ điều kiện, chuyển lên cấp trên."}
        elif "return" in allowed:
            action, body = "return", {"reason": "Đề nghị bổ sung minh chứng."}
        else:
            return
        with self.client.post(
            f"/api/v1/nominations/{pk}/{action}",
            json={**body, "seen": seen},
            name="reviewer: decide",
            catch_response=True,
        ) as answer:
            # Two reviewers of one level may open the same dossier: the second decision is
            # a 409 by design (one of two racing reviewers wins), not a failure of the server.
            if answer.status_code == 409:
                answer.success()

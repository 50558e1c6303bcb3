"""Reply drafts: ``POST /v1/cases/{ref}/draft-reply`` and ``PUT /v1/cases/{ref}/reply`` (staff).

The draft is composed by ``triage.drafting`` from the case's stored triage (no new triage run);
the operator edits it and saves it with the case (optimistic concurrency on the case version,
like decisions). The bot role gets 403 on both.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, FastAPI

from triage.api.deps import PipelineDep
from triage.auth import DbSession, Staff
from triage.cases import service
from triage.cases.models import WITHDRAWN, CaseRead, ReplySave
from triage.cases.views import CaseRef, _BodyErrorsAre422
from triage.drafting import Draft, draft_reply

log = logging.getLogger("triage.drafting")

router = APIRouter(prefix="/v1", tags=["cases"], route_class=_BodyErrorsAre422)


@router.post("/cases/{ref}/draft-reply", response_model=Draft, response_model_by_alias=True)
def draft(ref: CaseRef, user: Staff, pipeline: PipelineDep, db: DbSession) -> Draft:
    """起草答复意见 / draft the official reply: restated complaint, handling unit, verified
    article citations, the formula of similar cases' replies, placeholders for the facts."""
    case = service.get_case(ref, db_session=db)
    if case.status == WITHDRAWN:   # nobody is answered: the citizen withdrew it
        raise service.CaseConflict("案件已撤销，无需答复", "the case is withdrawn: there is no reply to draft",
                                   {"status": case.status})
    # a statute another process removed (jiesu kb remove) is cited no more (tester55 S2: only the next
    # triage reloaded the index, and the draft quoted the removed articles as 已逐字核对)
    pipeline.follow_changes()
    out = draft_reply(case, pipeline)
    service.audit("draft", user=user, case_ids=[case.id], detail=f"citations={len(out.citations)}",
                  db_session=db)
    db.commit()
    return out


@router.put("/cases/{ref}/reply", response_model=CaseRead)
def save_reply(ref: CaseRef, data: ReplySave, user: Staff, db: DbSession) -> CaseRead:
    """保存答复意见 / save the edited reply with the case; a stale ``version`` is 409."""
    case = service.save_reply(ref, data, user=user, db_session=db)
    log.info("triage.drafting.saved case=%s version=%s", case.id, case.version)
    return service.to_read(case, user)


def install(app: FastAPI) -> None:
    app.include_router(router)

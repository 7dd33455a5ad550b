from .queries import slipping_schemes

SHOWN = 5


def slipping_card(request) -> dict | None:
    """Active schemes in the user's scope with a phase projected past its deadline (hidden without schemes)."""
    active, slipping = slipping_schemes(request.user)
    if not active:
        return None
    slipping.sort(key=lambda row: -row.summary.slip)
    return {"active": active, "count": len(slipping), "rows": slipping[:SHOWN]}

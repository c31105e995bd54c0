def organisation_key(name: str) -> str:
    return name


def organisation_legal_form(name: str) -> str | None:
    return None

"""Schemas of API tokens: obtaining one with a password, listing and creating them."""

from datetime import datetime

from ninja import Field, Schema

from dienhinh.api.schemas.common import Line, Secret


class TokenRequest(Schema):
    email: Line = Field(max_length=254)
    password: Secret = Field(max_length=4096)
    name: Line = Field("API", max_length=100, description="A name to recognise the token by.")
    otp: Line | None = Field(
        None,
        max_length=40,
        description=(
            "The current code of the authenticator app (or a recovery code), for people "
            "with two-factor authentication."
        ),
    )


class IssuedToken(Schema):
    id: int
    name: str
    token: str = Field(description="The bearer token. It is shown only this once.")
    expires_at: datetime


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="The first characters of the key, to recognise it.")
    created_at: datetime
    expires_at: datetime
    last_used_at: datetime | None

    @staticmethod
    def resolve_prefix(obj) -> str:
        return obj.key_start


class TokenIn(Schema):
    name: Line = Field(max_length=100)
    days: int = Field(90, ge=1, le=365, description="How many days the token lives.")

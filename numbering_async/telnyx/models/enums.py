"""Telnyx enumerations.

Enums the server sends are open (:class:`~numbering_async._enums.OpenStrEnum`): a value added
by Telnyx tomorrow decodes as a pseudo-member instead of failing. Inputs are checked against the
documented members before anything is sent.
"""

from __future__ import annotations

from enum import StrEnum

from numbering_async._enums import OpenStrEnum

__all__ = [
    "CoverageGroupBy",
    "CoverageType",
    "InventoryCountry",
    "InventoryNumberType",
    "NumberFeature",
    "OrderStatus",
    "OrderingGroupStatus",
    "OrderingStrategy",
    "PhoneNumberType",
    "RegionType",
    "ReportStatus",
    "RequirementFieldType",
    "RequirementsStatus",
]


class PhoneNumberType(OpenStrEnum):
    """The kind of a phone number."""

    LOCAL = "local"
    TOLL_FREE = "toll_free"
    NATIONAL = "national"
    MOBILE = "mobile"
    LANDLINE = "landline"
    SHARED_COST = "shared_cost"


class OrderStatus(OpenStrEnum):
    """Status of a number order, reservation, block order or one of their numbers."""

    PENDING = "pending"
    SUCCESS = "success"
    FAILURE = "failure"


class OrderingGroupStatus(OpenStrEnum):
    """Status of one ordering group of an inexplicit number order."""

    PENDING = "pending"
    PROCESSING = "processing"
    FAILED = "failed"
    SUCCESS = "success"
    PARTIAL_SUCCESS = "partial_success"


class OrderingStrategy(OpenStrEnum):
    """Whether an inexplicit ordering group may be filled partly (``always``) or not at all."""

    ALWAYS = "always"
    NEVER = "never"


class ReportStatus(OpenStrEnum):
    """Status of a sub number orders report."""

    PENDING = "pending"
    SUCCESS = "success"
    FAILED = "failed"
    EXPIRED = "expired"


class RequirementsStatus(OpenStrEnum):
    """Review status of a number's regulatory requirements."""

    PENDING = "pending"
    APPROVED = "approved"
    CANCELLED = "cancelled"
    DELETED = "deleted"
    REQUIREMENT_INFO_EXCEPTION = "requirement-info-exception"
    REQUIREMENT_INFO_PENDING = "requirement-info-pending"
    REQUIREMENT_INFO_UNDER_REVIEW = "requirement-info-under-review"


class RequirementFieldType(OpenStrEnum):
    """The kind of value a regulatory requirement asks for."""

    TEXTUAL = "textual"
    DATETIME = "datetime"
    ADDRESS = "address"
    DOCUMENT = "document"


class CoverageType(OpenStrEnum):
    """Whether inventory coverage counts single numbers or number blocks."""

    NUMBER = "number"
    BLOCK = "block"


class InventoryNumberType(OpenStrEnum):
    """The inventory class of a coverage row."""

    DID = "did"
    TOLL_FREE = "toll-free"


class RegionType(OpenStrEnum):
    """What a region of an available number names."""

    COUNTRY_CODE = "country_code"
    RATE_CENTER = "rate_center"
    STATE = "state"
    LOCATION = "location"


class NumberFeature(OpenStrEnum):
    """A capability of a phone number (coverage accepts the first five only)."""

    SMS = "sms"
    MMS = "mms"
    VOICE = "voice"
    FAX = "fax"
    EMERGENCY = "emergency"
    HD_VOICE = "hd_voice"
    INTERNATIONAL_SMS = "international_sms"
    LOCAL_CALLING = "local_calling"


class CoverageGroupBy(StrEnum):
    """How ``inventory_coverage.list`` groups its rows (``filter[groupBy]``)."""

    LOCALITY = "locality"
    NPA = "npa"
    NATIONAL_DESTINATION_CODE = "national_destination_code"


class InventoryCountry(StrEnum):
    """The countries inventory coverage can be asked about (``filter[country_code]``)."""

    AT = "AT"
    AU = "AU"
    BE = "BE"
    BG = "BG"
    CA = "CA"
    CH = "CH"
    CN = "CN"
    CY = "CY"
    CZ = "CZ"
    DE = "DE"
    DK = "DK"
    EE = "EE"
    ES = "ES"
    FI = "FI"
    FR = "FR"
    GB = "GB"
    GR = "GR"
    HU = "HU"
    HR = "HR"
    IE = "IE"
    IT = "IT"
    LT = "LT"
    LU = "LU"
    LV = "LV"
    NL = "NL"
    NZ = "NZ"
    MX = "MX"
    NO = "NO"
    PL = "PL"
    PT = "PT"
    RO = "RO"
    SE = "SE"
    SG = "SG"
    SI = "SI"
    SK = "SK"
    US = "US"

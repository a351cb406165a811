"""Response bodies from the spec's examples and the seed documents (../shared)."""

from __future__ import annotations

from typing import Any

NUMBER_ORDER_ITEM: dict[str, Any] = {
    "id": "12ade33a-21c0-473b-b055-b3c836e1c292",
    "record_type": "number_order",
    "phone_numbers_count": 1,
    "connection_id": "346789098765567",
    "messaging_profile_id": "abc85f64-5717-4562-b3fc-2c9600",
    "billing_group_id": "abc85f64-5717-4562-b3fc-2c9600",
    "phone_numbers": [{"phone_number": "+19705555000", "id": "<string>"}],
    "sub_number_orders_ids": ["<string>"],
    "status": "pending",
    "customer_reference": "MY REF 001",
    "created_at": "2018-01-01T00:00:00.000000Z",
    "updated_at": "2018-01-01T00:00:00.000000Z",
    "requirements_met": True,
}
"""The list item of the seed ``telnyx-number-orders-list.txt``."""

ORDERED_PHONE_NUMBER: dict[str, Any] = {
    "bundle_id": "bc8e4d67-33a0-4cbb-af74-7b58f05bd474",
    "id": "dc8e4d67-33a0-4cbb-af74-7b58f05bd494",
    "phone_number": "+19705555098",
    "record_type": "number_order_phone_number",
    "regulatory_requirements": [
        {
            "field_type": "address",
            "field_value": "45f45a04-b4be-4592-95b1-9306b9db2b21",
            "record_type": "phone_number_regulatory_requirement",
            "requirement_id": "8ffb3622-7c6b-4ccc-b65f-7a3dc0099576",
        }
    ],
    "requirements_met": True,
    "status": "success",
}
"""The spec's ``PhoneNumber`` example."""

NUMBER_ORDER_DETAIL: dict[str, Any] = {**NUMBER_ORDER_ITEM, "phone_numbers": [ORDERED_PHONE_NUMBER]}

RESERVATION: dict[str, Any] = {
    "created_at": "2018-01-01T00:00:00.000000Z",
    "customer_reference": "MY REF 001",
    "id": "12ade33a-21c0-473b-b055-b3c836e1c292",
    "phone_numbers": [
        {
            "created_at": "2018-01-01T00:00:00.000000Z",
            "errors": "Number is already on hold",
            "expired_at": "2018-01-01T00:00:00.000000Z",
            "id": "12ade33a-21c0-473b-b055-b3c836e1c292",
            "phone_number": "+19705555098",
            "record_type": "reserved_phone_number",
            "status": "pending",
            "updated_at": "2018-01-01T00:00:00.000000Z",
        }
    ],
    "record_type": "number_reservation",
    "status": "pending",
    "updated_at": "2018-01-01T00:00:00.000000Z",
}
"""The spec's ``NumberReservation`` example."""

INVENTORY_COVERAGE: dict[str, Any] = {
    "administrative_area": "NJ",
    "advance_requirements": True,
    "count": 3,
    "coverage_type": "number",
    "group": "318",
    "group_type": "npa",
    "number_range": 1,
    "number_type": "did",
    "phone_number_type": "local",
    "record_type": "inventory_coverage_group",
}
"""The spec's ``InventoryCoverage`` example."""

AVAILABLE_NUMBER: dict[str, Any] = {
    "best_effort": False,
    "cost_information": {"currency": "USD", "monthly_cost": "6.54", "upfront_cost": "3.21"},
    "features": [{"name": "sms"}, {"name": "voice"}],
    "phone_number": "+19705555098",
    "quickship": True,
    "record_type": "available_phone_number",
    "region_information": [{"region_name": "US", "region_type": "country_code"}],
    "reservable": True,
    "vanity_format": "",
}
"""The spec's ``AvailablePhoneNumber`` example."""

INEXPLICIT_ORDER: dict[str, Any] = {
    "id": "<string>",
    "connection_id": "<string>",
    "messaging_profile_id": "<string>",
    "customer_reference": "<string>",
    "billing_group_id": "<string>",
    "ordering_groups": [
        {
            "country_iso": "<string>",
            "phone_number_type": "<string>",
            "count_requested": 123,
            "count_allocated": 123,
            "status": "pending",
            "national_destination_code": "<string>",
            "phone_number[starts_with]": "<string>",
            "phone_number[ends_with]": "<string>",
            "phone_number[contains]": "<string>",
            "administrative_area": "<string>",
            "strategy": "always",
            "quickship": True,
            "exclude_held_numbers": True,
            "error_reason": "<string>",
            "orders": [
                {
                    "number_order_id": "3c90c3cc-0d44-4b50-8888-8dd25736052a",
                    "sub_number_order_ids": ["3c90c3cc-0d44-4b50-8888-8dd25736052a"],
                }
            ],
            "created_at": "2023-11-07T05:31:56Z",
            "updated_at": "2023-11-07T05:31:56Z",
        }
    ],
    "created_at": "2023-11-07T05:31:56Z",
    "updated_at": "2023-11-07T05:31:56Z",
}
"""The seed ``telnyx-inexplicit-number-order-retrieve.txt``."""

BLOCK_ORDER: dict[str, Any] = {
    "connection_id": "346789098765567",
    "created_at": "2018-01-01T00:00:00.000000Z",
    "customer_reference": "MY REF 001",
    "id": "12ade33a-21c0-473b-b055-b3c836e1c292",
    "messaging_profile_id": "abc85f64-5717-4562-b3fc-2c9600",
    "phone_numbers_count": 10,
    "range": 10,
    "record_type": "number_block_order",
    "requirements_met": True,
    "starting_number": "+19705555000",
    "status": "pending",
    "updated_at": "2018-01-01T00:00:00.000000Z",
}
"""The spec's ``NumberBlockOrder`` example."""

SUB_ORDER_WITH_NUMBERS: dict[str, Any] = {
    "country_code": "AT",
    "created_at": "2018-01-01T00:00:00.000000Z",
    "customer_reference": "missing",
    "id": "f826ed66-b27c-4340-9dc0-57dc3459f1bd",
    "is_block_sub_number_order": False,
    "order_request_id": "a11d58fe-88a4-494a-b752-8dea411993c6",
    "phone_number_type": "toll_free",
    "phone_numbers": [
        {
            "bundle_id": "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d",
            "country_code": "AT",
            "id": "613d517a-0432-4bae-a785-c11033bd0985",
            "phone_number": "+43800300238",
            "phone_number_type": "toll_free",
            "record_type": "number_order_phone_number",
            "regulatory_requirements": [
                {
                    "field_type": "textual",
                    "field_value": "4804570924",
                    "requirement_id": "2708e569-696a-4fc7-9305-5fdb3eb9c7dd",
                    "status": "pending-approval",
                }
            ],
            "requirements_met": False,
            "requirements_status": "requirement-info-under-review",
            "status": "pending",
        }
    ],
    "phone_numbers_count": 1,
    "record_type": "sub_number_order",
    "regulatory_requirements": [
        {
            "field_type": "textual",
            "record_type": "phone_number_regulatory_requirement",
            "requirement_id": "2708e569-696a-4fc7-9305-5fdb3eb9c7dd",
        }
    ],
    "requirements_met": False,
    "status": "pending",
    "updated_at": "2018-01-01T00:00:00.000000Z",
}
"""``data`` of the spec's ``SubNumberOrderRequirementGroupResponse`` example."""

REPORT: dict[str, Any] = {
    "created_at": "2025-06-11T13:21:40.967339+00:00",
    "filters": {
        "country_code": "US",
        "created_at_gt": "2023-04-05T10:22:08.230549Z",
        "created_at_lt": "2025-06-05T10:22:08.230549Z",
        "customer_reference": "STRING",
        "order_request_id": "991b8ff5-4daf-4826-9a22-e3991b444a9c",
        "status": "success",
    },
    "id": "cada7e84-122b-4b47-bc66-58c7c3becd40",
    "order_type": "sub_number_order",
    "status": "pending",
    "updated_at": "2025-06-11T13:21:45.753260+00:00",
    "user_id": "0d7ef697-df19-413a-b724-56b0539f5397",
}
"""The spec's ``SubNumberOrdersReport`` example."""

NUMBER_ORDER_PHONE_NUMBER: dict[str, Any] = {
    "bundle_id": None,
    "country_code": "US",
    "deadline": "2024-05-31T11:14:00Z",
    "id": "dc8e4d67-33a0-4cbb-af74-7b58f05bd494",
    "is_block_number": False,
    "locality": "San Francisco",
    "order_request_id": "dc8e4d67-33a0-4cbb-af74-7b58f05bd495",
    "phone_number": "+19705555098",
    "phone_number_type": "local",
    "record_type": "number_order_phone_number",
    "regulatory_requirements": [],
    "requirements_met": True,
    "requirements_status": "approved",
    "status": "success",
    "sub_number_order_id": "dc8e4d67-33a0-4cbb-af74-7b58f05bd496",
}
"""Built from the property examples of the spec's ``NumberOrderPhoneNumber``."""

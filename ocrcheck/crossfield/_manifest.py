"""Which module registers each built-in cross-field rule, so that a rule module is imported on
first use.

`import ocrcheck.crossfield` used to import all sixteen rule modules to fill the registry; a cold
`ocrcheck check` of a resident ID paid for every one (a third of its ocrcheck modules, issue 13)
though its rule file names rules of three. The registry knows every built-in name from this
table and imports the module that registers it when the rule is first asked for, as
`ocrcheck.checks._manifest` does for field checks. tests/crossfield/test_lazy_registry.py holds
the table equal to what the modules register: a new rule is added here, under its module.
"""

from __future__ import annotations

MODULES: dict[str, tuple[str, ...]] = {
    "bills": ("bill_number_bank", "bill_number_date", "bill_term"),
    "business": ("business_term_start", "credit_code_entity_type"),
    "cards": ("credit_card_network",),
    "general": ("date_order", "different_values", "not_in_future", "same_values"),
    "identity": (
        "card_network",
        "chinese_commercial_code_count",
        "id_card_validity",
        "resident_id_birth_date",
        "resident_id_sex",
    ),
    "invoice": (
        "amount_in_words_matches",
        "digital_invoice_year",
        "invoice_code_year",
        "item_amount",
        "item_tax",
        "items_sum",
        "total_is_sum",
        "vat_rate_for_date",
    ),
    "licence": ("expiry_on_birthday", "jp_licence_first_year"),
    "mrz_codes": ("eep_mrz_matches_printed", "mrz_codes"),
    "national_id": ("elector_key_curp", "embedded_birth_date", "embedded_sex", "us_state_number", "year_order"),
    "passport": ("mrz_matches_printed", "mrz_td1_composite", "passport_validity"),
    "permits": (
        "home_return_permit_count",
        "licence_number_year",
        "residence_permit_pass_number",
        "unit_building_area",
        "validity_length",
    ),
    "receipts": ("item_date_order", "receipt_code_year"),
    "social_security": ("issued_after_birth_in_id",),
    "timing": ("time_order",),
    "validity": ("not_expired",),
    "vehicle": ("vin_model_year",),
}

BUILT_IN: dict[str, str] = {name: module for module, names in MODULES.items() for name in names}

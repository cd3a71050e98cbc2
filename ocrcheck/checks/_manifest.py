"""Which module registers each built-in check, so that a check module is imported on first use.

`import ocrcheck.checks` used to import all 41 check modules to fill the registry; a cold
`ocrcheck check` paid for all of them (issue 13) though a document type names a handful. The
registry now knows every built-in name from this table and imports the module that registers
it when the check is first asked for. tests/checks/test_lazy_registry.py holds the table equal
to what the modules register: a new check is added here, under its module.
"""

from __future__ import annotations

MODULES: dict[str, tuple[str, ...]] = {
    "aadhaar": ("in_aadhaar_card",),
    "acceptance_bill": ("bank_acceptance_bill_number", "cnaps_code"),
    "amount_in_words": ("amount_in_words", "amount_in_words_strict"),
    "bank_card": ("bank_card",),
    "business": ("food_business_licence_number", "food_production_licence_number"),
    "card_expiry": ("card_expiry",),
    "card_network": ("credit_card",),
    "credit_code": ("credit_code", "credit_code_organisation"),
    "elector_key": ("mx_elector_key",),
    "fiscal_receipt": (
        "non_tax_check_code",
        "non_tax_receipt_code",
        "non_tax_receipt_number",
        "non_tax_receipt_region",
    ),
    "foreign_passport": (
        "ae_passport_number",
        "au_passport_number",
        "in_passport_number",
        "sg_passport_number",
        "th_passport_number",
        "travel_document_number",
        "us_passport_number",
    ),
    "foreign_permanent_id": ("cn_foreign_permanent_id", "cn_foreign_permanent_id_check_2017"),
    "gb_brp": ("gb_brp_number",),
    "hkid": ("hkid",),
    "hmt_residence_permit": ("cn_hmt_residence_permit", "hmt_pass_number"),
    "invoice": ("check_code", "digital_invoice_number", "digital_invoice_region", "invoice_number", "vat_invoice_code"),
    "invoice_kinds": ("general_invoice_code", "roll_invoice_code", "vehicle_invoice_code"),
    "jp_driving_licence": ("jp_driving_licence_check", "jp_driving_licence_number"),
    "macao_id": ("mo_id",),
    "mrz": (
        "eep_mrz",
        "mrz_td1",
        "mrz_td1_line1",
        "mrz_td1_line2",
        "mrz_td1_line3",
        "mrz_td2_line1",
        "mrz_td2_line2",
        "mrz_td3_line1",
        "mrz_td3_line2",
    ),
    "nik": ("id_nik", "id_nik_region"),
    "owner_id": ("owner_id_number",),
    "passport": (
        "cn_passport_number",
        "eep_number",
        "hk_passport_number",
        "home_return_permit_number",
        "mo_passport_number",
        "taiwan_permit_number",
    ),
    "person_id": ("person_id", "person_id_masked"),
    "ph_driving_licence": ("ph_driving_licence_number",),
    "philsys": ("ph_pcn",),
    "plate": ("cn_plate", "cn_plate_nev_letter", "licence_plate"),
    "quota_invoice": ("quota_denomination",),
    "real_estate": ("area", "real_estate_certificate_number", "real_estate_unit_number"),
    "resident_id": ("resident_id", "resident_id_masked", "resident_id_region"),
    "social_security": ("cn_social_security_card_number", "cn_social_security_card_number_shape"),
    "stdnum_checks": (
        "in_aadhaar",
        "in_pan",
        "in_vid",
        "luhn",
        "mx_curp",
        "my_nric",
        "old_business_registration",
        "pk_cnic",
        "th_pin",
        "tr_tckimlik",
    ),
    "tax_id": ("tax_id", "tax_id_structure"),
    "toll": ("toll_vehicle_class",),
    "trade_licence": ("drug_business_licence_number", "medical_device_licence_number"),
    "transport": ("seat_number", "train_number", "train_ticket_number"),
    "us_state_id": ("us_state", "us_state_id_number"),
    "vehicle_docs": ("conformity_certificate", "engine_number", "vehicle_class", "vehicle_registration_certificate"),
    "vin": ("vin", "vin_check_digit"),
    "vn_cccd": ("vn_cccd", "vn_cccd_province"),
    "year_month": ("year_month",),
}

BUILT_IN: dict[str, str] = {name: module for module, names in MODULES.items() for name in names}

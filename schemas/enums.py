"""Closed vocabularies of the summary schema.

They are enums rather than free strings so that a model's answer can be checked
by the schema itself and so that downstream tables group cleanly; each has an
``other`` member because press releases keep inventing new pathways.
"""

from enum import StrEnum


class EventType(StrEnum):
    REGULATORY = "regulatory"
    CLINICAL_TRIAL = "clinical_trial"
    TRIAL_RESULTS = "trial_results"
    DEAL = "deal"
    FINANCIAL = "financial"
    COMMERCIAL_LAUNCH = "commercial_launch"
    PUBLICATION = "publication"
    CORPORATE = "corporate"
    OTHER = "other"


class RegulatorAction(StrEnum):
    APPROVAL = "approval"
    CONDITIONAL_APPROVAL = "conditional_approval"
    EMERGENCY_OR_URGENT_USE = "emergency_or_urgent_use"
    APPLICATION_SUBMITTED = "application_submitted"
    APPLICATION_ACCEPTED = "application_accepted"
    PRIORITY_REVIEW = "priority_review"
    BREAKTHROUGH_THERAPY = "breakthrough_therapy"
    FAST_TRACK = "fast_track"
    ORPHAN_DRUG = "orphan_drug"
    IND_CLEARANCE = "ind_clearance"
    REJECTION = "rejection"
    WITHDRAWAL = "withdrawal"
    OTHER = "other"


class Phase(StrEnum):
    PRECLINICAL = "preclinical"
    PHASE_1 = "phase_1"
    PHASE_1_2 = "phase_1_2"
    PHASE_2 = "phase_2"
    PHASE_2_3 = "phase_2_3"
    PHASE_3 = "phase_3"
    PHASE_4 = "phase_4"
    PIVOTAL = "pivotal"
    REAL_WORLD = "real_world"
    OTHER = "other"


class Modality(StrEnum):
    SMALL_MOLECULE = "small_molecule"
    ANTIBODY = "antibody"
    ADC = "adc"
    BISPECIFIC = "bispecific"
    CAR_T = "car_t"
    OTHER_CELL_THERAPY = "other_cell_therapy"
    GENE_THERAPY = "gene_therapy"
    OLIGONUCLEOTIDE = "oligonucleotide"
    PROTEIN_OR_PEPTIDE = "protein_or_peptide"
    VACCINE = "vaccine"
    OTHER = "other"


class CompanyRole(StrEnum):
    ORIGINATOR = "originator"
    DEVELOPER = "developer"
    SPONSOR = "sponsor"
    LICENSOR = "licensor"
    LICENSEE = "licensee"
    PARTNER = "partner"
    COMPETITOR = "competitor"
    MANUFACTURER = "manufacturer"
    DISTRIBUTOR = "distributor"
    OTHER = "other"


class DealType(StrEnum):
    LICENSING = "licensing"
    CO_DEVELOPMENT = "co_development"
    CO_COMMERCIALISATION = "co_commercialisation"
    ACQUISITION = "acquisition"
    OPTION = "option"
    DISTRIBUTION = "distribution"
    FINANCING = "financing"
    OTHER = "other"


class CaveatKind(StrEnum):
    MISSING_DATA = "missing_data"
    INCONSISTENT_CLAIM = "inconsistent_claim"
    PROMOTIONAL_CLAIM = "promotional_claim"
    FORWARD_LOOKING = "forward_looking"
    RELATIVE_DATE = "relative_date"
    OTHER = "other"


class EffectMeasure(StrEnum):
    HAZARD_RATIO = "hazard_ratio"
    ODDS_RATIO = "odds_ratio"
    RISK_RATIO = "risk_ratio"
    DIFFERENCE = "difference"
    OTHER = "other"

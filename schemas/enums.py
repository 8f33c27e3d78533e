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
    """Conditional marketing authorisation (EU, China) on data still to be confirmed."""
    ACCELERATED_APPROVAL = "accelerated_approval"
    """FDA accelerated approval on a surrogate endpoint, with a confirmatory trial required."""
    SUPPLEMENTAL_APPROVAL = "supplemental_approval"
    """A new indication or label expansion for an approved drug (sNDA, sBLA, variation)."""
    MARKETING_AUTHORISATION = "marketing_authorisation"
    """The European Commission's (or another authority's) marketing authorisation."""
    CHMP_POSITIVE_OPINION = "chmp_positive_opinion"
    CHMP_NEGATIVE_OPINION = "chmp_negative_opinion"
    EMERGENCY_OR_URGENT_USE = "emergency_or_urgent_use"
    APPLICATION_SUBMITTED = "application_submitted"
    APPLICATION_ACCEPTED = "application_accepted"
    PRIORITY_REVIEW = "priority_review"
    BREAKTHROUGH_THERAPY = "breakthrough_therapy"
    FAST_TRACK = "fast_track"
    ORPHAN_DRUG = "orphan_drug"
    IND_CLEARANCE = "ind_clearance"
    TARGET_ACTION_DATE = "target_action_date"
    """A PDUFA or other target action date set for a decision."""
    CLINICAL_HOLD = "clinical_hold"
    CLINICAL_HOLD_LIFTED = "clinical_hold_lifted"
    COMPLETE_RESPONSE_LETTER = "complete_response_letter"
    """The FDA's letter that it cannot approve the application as it stands."""
    REJECTION = "rejection"
    WITHDRAWAL = "withdrawal"
    OTHER = "other"


class EventStatus(StrEnum):
    """What the text says of an event: that it happened, or only that it may."""

    OCCURRED = "occurred"
    PLANNED = "planned"
    """The company intends it: "plans to file", "will submit"."""
    EXPECTED = "expected"
    """Hoped or anticipated, not in the company's hands: "expects approval", "if approved"."""
    NOT_OCCURRED = "not_occurred"
    """Stated as not having happened: "has not been approved", "did not receive"."""


class Reporting(StrEnum):
    """Whether the document reports a fact as its news or mentions it as background."""

    NEWS = "news"
    BACKGROUND = "background"


class DrugRelation(StrEnum):
    """A drug's place in the document."""

    SUBJECT = "subject"
    """The drug the news is about."""
    PARTNER = "partner"
    """A partner's drug, in combination or in the deal."""
    COMPETITOR = "competitor"
    STANDARD_OF_CARE = "standard_of_care"
    """A comparator or the treatment patients get today."""


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
    ACQUIRER = "acquirer"
    TARGET = "target"
    """The company being acquired."""
    INVESTOR = "investor"
    ADVISOR = "advisor"
    """Financial advisor or legal counsel to a party."""
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
    ANALYSIS_LIMITATION = "analysis_limitation"
    """Post hoc, exploratory, unadjusted, unconfirmed or immature data."""
    PENDING_CONDITION = "pending_condition"
    """A deal or approval that depends on something still to happen (HSR, a confirmatory trial)."""
    SECONDARY_SOURCE = "secondary_source"
    """A newsletter's or outlet's commentary rather than the company's statement."""
    ABSENCE_OF_EVENT = "absence_of_event"
    """The text says something did not or will not happen (no filing, a programme dropped)."""
    POSSIBLE_PROMPT_INJECTION = "possible_prompt_injection"
    """Text addressed to AI tools or hidden from readers; quoted so the analyst sees it."""
    OTHER = "other"


class EffectMeasure(StrEnum):
    HAZARD_RATIO = "hazard_ratio"
    ODDS_RATIO = "odds_ratio"
    RISK_RATIO = "risk_ratio"
    DIFFERENCE = "difference"
    OTHER = "other"

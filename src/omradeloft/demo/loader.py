"""The Groruddalen demo: Oslo's districts and subdistricts, organisations, the programme and
one demo user per role.

The demo is loaded once. It only adds what the installation lacks and never changes a record
it did not create: an area, user, programme, index or indicator that exists already is left
as it is (and an indicator someone else made gets no synthetic values), and an observation
that exists is never replaced, so users' imports and their rollback survive `make run`.
After a full load it leaves a mark (`DemoLoad`) and from then on changes nothing at all.
"""

import json
from dataclasses import dataclass
from pathlib import Path

from omradeloft.accounts.models import Organisation, OrganisationKind, Role, RoleAssignment, User
from omradeloft.accounts.services import assign_role
from omradeloft.areas.models import Area
from omradeloft.areas.readers import AreaRecord, read_geojson
from omradeloft.areas.services import ImportReport as AreaReport
from omradeloft.areas.services import import_areas
from omradeloft.core.audit import acting_as
from omradeloft.core.models import AuditSource
from omradeloft.demo.models import DemoLoad
from omradeloft.demo.ownership import made_by_demo
from omradeloft.demo.programme import load_programme_content
from omradeloft.demo.statistics import load_statistics
from omradeloft.demo.targeting import load_targeting
from omradeloft.indicators.importing.service import ImportReport as ObservationReport
from omradeloft.programmes.models import Programme

DATA_DIR = Path(__file__).parent / "data" / "oslo"
OSLO_CODE = "0301"
BOUNDARY_SOURCE = "Oslo kommune, bydelsfakta (MIT-lisens, © 2019 Oslo kommune)"
DEMO_PASSWORD = "omradeloft-demo"
PROGRAMME_CODE = "groruddalen"
GRORUD_DISTRICT = "030110"

ORGANISATIONS = [
    # (name, English name, short name, kind)
    (
        "Kommunal- og moderniseringsdepartementet",
        "Ministry of Local Government and Modernisation",
        "KMD",
        OrganisationKind.MINISTRY,
    ),
    (
        "Arbeids- og sosialdepartementet",
        "Ministry of Labour and Social Affairs",
        "ASD",
        OrganisationKind.MINISTRY,
    ),
    (
        "Barne-, likestillings- og inkluderingsdepartementet",
        "Ministry of Children, Equality and Social Inclusion",
        "BLD",
        OrganisationKind.MINISTRY,
    ),
    (
        "Klima- og miljødepartementet",
        "Ministry of Climate and Environment",
        "KLD",
        OrganisationKind.MINISTRY,
    ),
    (
        "Helse- og omsorgsdepartementet",
        "Ministry of Health and Care Services",
        "HOD",
        OrganisationKind.MINISTRY,
    ),
    ("Kulturdepartementet", "Ministry of Culture", "KUD", OrganisationKind.MINISTRY),
    (
        "Kunnskapsdepartementet",
        "Ministry of Education and Research",
        "KD",
        OrganisationKind.MINISTRY,
    ),
    ("Husbanken", "Norwegian State Housing Bank", "", OrganisationKind.DIRECTORATE),
    ("Oslo kommune", "City of Oslo", "", OrganisationKind.MUNICIPALITY),
    (
        "Byrådsavdeling for byutvikling",
        "Department of Urban Development",
        "",
        OrganisationKind.CITY_DEPARTMENT,
    ),
    ("Bydel Bjerke", "Bjerke district", "", OrganisationKind.DISTRICT),
    ("Bydel Grorud", "Grorud district", "", OrganisationKind.DISTRICT),
    ("Bydel Stovner", "Stovner district", "", OrganisationKind.DISTRICT),
    ("Bydel Alna", "Alna district", "", OrganisationKind.DISTRICT),
    (
        "Romsås beboerforening (demo)",
        "Romsås residents' association (demo)",
        "",
        OrganisationKind.RESIDENTS,
    ),
    (
        "Frivillighetssentralen Groruddalen (demo)",
        "Groruddalen volunteer centre (demo)",
        "",
        OrganisationKind.NGO,
    ),
    (
        "Forskningsinstitutt for byutvikling (demo)",
        "Institute for urban research (demo)",
        "",
        OrganisationKind.RESEARCH,
    ),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    organisation: str
    role: Role | None  # None: an operator with every right (superuser)
    area_code: str = ""  # limits the role to this area


DEMO_USERS = [
    DemoUser("drift", "Drift", "Superbruker", "Oslo kommune", None),
    DemoUser(
        "admin", "Ada", "Administrator", "Byrådsavdeling for byutvikling", Role.PROGRAMME_ADMIN
    ),
    DemoUser(
        "stat",
        "Sverre",
        "Statlig",
        "Kommunal- og moderniseringsdepartementet",
        Role.STATE_COORDINATOR,
    ),
    DemoUser(
        "kommune", "Kari", "Kommunal", "Byrådsavdeling for byutvikling", Role.MUNICIPAL_COORDINATOR
    ),
    DemoUser(
        "bydel", "Bashir", "Bydel", "Bydel Grorud", Role.DISTRICT_COORDINATOR, GRORUD_DISTRICT
    ),
    DemoUser(
        "prosjektleder", "Per", "Prosjektleder", "Bydel Grorud", Role.PROJECT_LEAD, GRORUD_DISTRICT
    ),
    DemoUser(
        "partner", "Pia", "Partner", "Frivillighetssentralen Groruddalen (demo)", Role.PARTNER
    ),
    DemoUser(
        "evaluator",
        "Eva",
        "Evaluator",
        "Forskningsinstitutt for byutvikling (demo)",
        Role.EVALUATOR,
    ),
    DemoUser("analytiker", "Anders", "Analytiker", "Oslo kommune", Role.ANALYST),
    DemoUser("beboer", "Berit", "Beboer", "Romsås beboerforening (demo)", Role.RESIDENT),
]


def _area_records() -> list[AreaRecord]:
    """Oslo as a municipality, its districts under it (SSB codes 0301dd) and subdistricts."""
    oslo = AreaRecord(location="Oslo", code=OSLO_CODE, name="Oslo", level="municipality")
    districts = read_geojson((DATA_DIR / "districts.geojson").read_bytes())
    for record in districts:
        record.code = OSLO_CODE + record.code
        record.parent = OSLO_CODE
        record.location = f"districts.geojson, {record.location}"
    subdistricts = read_geojson((DATA_DIR / "subdistricts.geojson").read_bytes())
    raw = json.loads((DATA_DIR / "subdistricts.geojson").read_text(encoding="utf-8"))
    for record, feature in zip(subdistricts, raw["features"], strict=True):
        record.parent = OSLO_CODE + feature["properties"]["district"]
        record.location = f"subdistricts.geojson, {record.location}"
    return [oslo, *districts, *subdistricts]


def _missing_areas(records: list[AreaRecord]) -> list[AreaRecord]:
    """The records of areas the installation does not have yet (code and level)."""
    existing = set(Area.objects.values_list("level__code", "code"))
    return [r for r in records if (r.level, r.code) not in existing]


def _organisations() -> dict[str, Organisation]:
    found = {}
    for name, name_en, short_name, kind in ORGANISATIONS:
        found[name], _ = Organisation.objects.get_or_create(
            name=name, defaults={"name_en": name_en, "short_name": short_name, "kind": kind}
        )
    return found


def _programme(skipped: list[str]) -> Programme | None:
    """The demo programme, created if missing; None when someone else's has its code."""
    existing = Programme.objects.filter(code=PROGRAMME_CODE).first()
    if existing is not None:
        if made_by_demo(Programme, [existing.pk]):
            return existing
        skipped.append(
            f"programme {PROGRAMME_CODE}: exists and is not the demo's, so its content, "
            "measures and demo roles were not loaded"
        )
        return None
    return Programme.objects.create(
        code=PROGRAMME_CODE,
        name="Områdesatsingen i Groruddalen 2017–2026",
        name_en="The Groruddalen area-based programme 2017–2026",
        purpose=(
            "Den områderettede innsatsen skal bidra til at flere beboere i de mest utsatte "
            "lokalområdene blir økonomisk selvstendige og aktivt deltakende i lokalsamfunn "
            "og storsamfunn."
        ),
        purpose_en=(
            "The area-based effort shall help more residents of the most deprived local "
            "areas become economically independent and take an active part in their local "
            "community and in society."
        ),
        start_year=2017,
        end_year=2026,
        is_demo=True,
    )


def _users(
    organisations: dict[str, Organisation], programme: Programme, skipped: list[str]
) -> None:
    for spec in DEMO_USERS:
        user = User.objects.filter(username=spec.username).first()
        if user is not None and not made_by_demo(User, [user.pk]):
            skipped.append(f"user {spec.username}: exists and is not the demo's; no role given")
            continue
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@demo.invalid",
                "organisation": organisations[spec.organisation],
                "is_staff": spec.role is None,
                "is_superuser": spec.role is None,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if spec.role is None:
            continue
        if RoleAssignment.objects.filter(user=user, programme=programme, role=spec.role).exists():
            continue
        areas = Area.objects.filter(code=spec.area_code) if spec.area_code else []
        assign_role(None, user=user, programme=programme, role=spec.role, areas=areas)


@dataclass(frozen=True)
class DemoReport:
    areas: AreaReport | None
    statistics: ObservationReport | None
    skipped: list[str]
    loaded_before: DemoLoad | None = None  # set when an earlier full load left its mark


def load_demo(*, with_statistics: bool = True) -> DemoReport:
    """Load the demo, or top up a partial load; without statistics it takes a second, not
    several, and leaves no mark (a later full load still adds the statistics)."""
    earlier = DemoLoad.objects.order_by("created_at").first()
    if earlier is not None:
        return DemoReport(None, None, earlier.skipped, earlier)
    skipped: list[str] = []
    with acting_as(None, AuditSource.DEMO):
        areas = import_areas(
            _missing_areas(_area_records()), actor=None, repair=True, source=BOUNDARY_SOURCE
        )
        organisations = _organisations()
        programme = _programme(skipped)
        if programme is not None:
            _users(organisations, programme, skipped)
        statistics = None
        if with_statistics:
            statistics = load_statistics(DATA_DIR / "subdistricts.geojson", skipped)
            load_targeting(skipped)
        if programme is not None:
            load_programme_content(programme, organisations)
        if with_statistics:
            DemoLoad.objects.create(skipped=skipped)
    return DemoReport(areas, statistics, skipped)

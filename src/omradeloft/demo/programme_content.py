"""The Groruddalen demo programme's content, as data: parties, fields, goals, the evaluation
plan, bodies and about twenty measures.

Parties, fields, the goal, the cross-cutting theme and the evaluation milestones follow the
2016 letter of intent between the state and the City of Oslo. Everything else (strategies'
wording, targets, bodies' members, measures, reports) is made up for the demo and marked as
such where it is shown.
"""

from dataclasses import dataclass

GOAL = (
    "Flere beboere i de mest utsatte lokalområdene blir økonomisk selvstendige og aktivt "
    "deltakende i lokalsamfunn og storsamfunn.",
    "More residents of the most deprived local areas become economically independent and take "
    "an active part in their local community and in society.",
)

# (organisation name as in loader.ORGANISATIONS, role, side, responsibility nb, en)
PARTIES = [
    (
        "Kommunal- og moderniseringsdepartementet",
        "coordinator",
        "state",
        "Koordinerer statens deltakelse.",
        "Coordinates the state's part.",
    ),
    ("Arbeids- og sosialdepartementet", "member", "state", "Sysselsetting.", "Employment."),
    (
        "Barne-, likestillings- og inkluderingsdepartementet",
        "member",
        "state",
        "Barn, unge og inkludering.",
        "Children, young people and inclusion.",
    ),
    ("Klima- og miljødepartementet", "member", "state", "Nærmiljø og miljø.", "Environment."),
    (
        "Helse- og omsorgsdepartementet",
        "member",
        "state",
        "Forebyggende helsetjenester.",
        "Preventive health services.",
    ),
    ("Kulturdepartementet", "member", "state", "Kultur og frivillighet.", "Culture."),
    ("Kunnskapsdepartementet", "member", "state", "Barnehage og skole.", "Kindergarten, school."),
    ("Husbanken", "member", "state", "Bolig og områdeløft.", "Housing and area upgrading."),
    ("Oslo kommune", "owner", "municipal", "Eier satsingen sammen med staten.", "Co-owner."),
    (
        "Byrådsavdeling for byutvikling",
        "coordinator",
        "municipal",
        "Koordinerer kommunens deltakelse.",
        "Coordinates the municipality's part.",
    ),
    ("Bydel Bjerke", "member", "municipal", "Områdearbeid i bydelen.", "Area work."),
    ("Bydel Grorud", "member", "municipal", "Områdearbeid i bydelen.", "Area work."),
    ("Bydel Stovner", "member", "municipal", "Områdearbeid i bydelen.", "Area work."),
    ("Bydel Alna", "member", "municipal", "Områdearbeid i bydelen.", "Area work."),
]


@dataclass(frozen=True)
class FieldSpec:
    code: str
    name: str
    name_en: str
    strategy: str
    strategy_en: str
    goal: str
    goal_en: str
    indicator: str  # the field goal's indicator in the synthetic statistics


FIELDS = [
    FieldSpec(
        "barnehage-skole",
        "Barnehage og skole",
        "Kindergarten and school",
        "Flere barn i barnehage, bedre språk ved skolestart og flere som fullfører "
        "videregående, gjennom tett samarbeid mellom barnehage, skole og foreldre (demo).",
        "More children in kindergarten, better language at school start and more who complete "
        "upper secondary school, through close work between kindergartens, schools and "
        "parents (demo).",
        "Flere fullfører videregående opplæring",
        "More complete upper secondary education",
        "not_completing_upper_secondary",
    ),
    FieldSpec(
        "sysselsetting",
        "Sysselsetting",
        "Employment",
        "Tjenester som er tilpasset beboernes forutsetninger: kvalifisering, språk og kontakt "
        "med arbeidsgivere lokalt (demo).",
        "Services fitted to residents' needs: qualification, language and contact with local "
        "employers (demo).",
        "Flere voksne i arbeid",
        "More adults in work",
        "not_employed_30_59",
    ),
    FieldSpec(
        "naermiljo",
        "Nærmiljø",
        "Local environment",
        "Områdeløftmetodikken: kartlegge utfordringer, muligheter og ressurser, involvere "
        "beboerne og samarbeide med organisasjoner, næringsliv og offentlige aktører (demo).",
        "The area-upgrading method: map challenges, opportunities and resources, involve "
        "residents and work with organisations, business and public bodies (demo).",
        "Trygge og gode bo- og oppvekstområder",
        "Safe and good places to live and grow up",
        "crowded_housing",
    ),
]

THEME = (
    "Forebyggende skolehelse- og barneverntjenester",
    "Preventive school health and child welfare services",
    "Knyttes tett til tiltak innen nærmiljø og barnehage/skole.",
    "Tied closely to measures in the local environment and kindergarten/school fields.",
    ("naermiljo", "barnehage-skole"),
)

PROGRAMME_GOAL_INDICATOR = "low_income_households_with_children"
BASELINE_PERIOD = "2016"
# Demo targets: this share below the target areas' baseline average by the period.
TARGET_REDUCTIONS = {"2021": 0.05, "2026": 0.12}

# Subdistricts added by hand, beside those the demo's classification rule selects.
HAND_PICKED_AREAS = [
    (
        "0301090901",
        "Bydel Bjerkes prioriterte område; regelen velger ingen delbydel i Bjerke (demo).",
    ),
    ("0301101005", "Videreføring av områdeløftet på Romsås (demo)."),
]
CLASSIFICATION_RULE = "mest-utsatte-tidel"
CLASSIFICATION_PERIOD = "2016"
GRORUDDALEN_DISTRICTS = ("030109", "030110", "030111", "030112")

MILESTONES = [
    (
        "midterm",
        "Midtveisevaluering",
        "Mid-term evaluation",
        "2021-12-15",
        "Forskningsinstitutt for byutvikling (demo)",
        [
            ("Virker tiltakene etter hensikten i de utvalgte områdene?", "Evaluator"),
            ("Hvordan fungerer samordningen av statlige og kommunale virkemidler?", "Evaluator"),
            ("Hvilke strukturelle hindringer er funnet, og hva er gjort med dem?", "Sekretariatet"),
        ],
    ),
    (
        "final",
        "Sluttevaluering",
        "Final evaluation",
        "2027-06-30",
        "Forskningsinstitutt for byutvikling (demo)",
        [
            ("Er flere beboere blitt økonomisk selvstendige og aktivt deltakende?", "Evaluator"),
            ("Hvilke metoder og modeller bør deles med andre kommuner?", "Evaluator"),
        ],
    ),
]

# (kind, name, name_en, area code or "", members: [(person, organisation, role)])
BODIES = [
    (
        "steering_group",
        "Styringsgruppen",
        "Steering group",
        "",
        [
            ("Siri Statlig (demo)", "Kommunal- og moderniseringsdepartementet", "chair"),
            ("Kåre Kommunal (demo)", "Byrådsavdeling for byutvikling", "member"),
            ("Aslak Arbeid (demo)", "Arbeids- og sosialdepartementet", "member"),
            ("Kine Kunnskap (demo)", "Kunnskapsdepartementet", "member"),
            ("Sekretær Sekretariat (demo)", "Oslo kommune", "secretary"),
        ],
    ),
    (
        "programme_group",
        "Programgruppen",
        "Programme group",
        "",
        [
            ("Ada Administrator", "Byrådsavdeling for byutvikling", "chair"),
            ("Bashir Bydel", "Bydel Grorud", "member"),
            ("Stine Stovner (demo)", "Bydel Stovner", "member"),
            ("Alf Alna (demo)", "Bydel Alna", "member"),
            ("Bjørn Bjerke (demo)", "Bydel Bjerke", "member"),
        ],
    ),
    (
        "local_committee",
        "Lokalutvalget for Romsås",
        "Romsås local area committee",
        "0301101005",
        [
            ("Berit Beboer", "Romsås beboerforening (demo)", "chair"),
            ("Pia Partner", "Frivillighetssentralen Groruddalen (demo)", "member"),
            ("Bashir Bydel", "Bydel Grorud", "secretary"),
        ],
    ),
]


@dataclass(frozen=True)
class MeasureSpec:
    code: str
    title: str
    title_en: str
    kind: str
    fields: tuple[str, ...]
    areas: tuple[str, ...]
    owner: str
    start_year: int
    status_path: tuple[str, ...]  # statuses after "proposed", each a year apart
    description: str
    partners: tuple[str, ...] = ()
    outputs: tuple[tuple[str, str, float], ...] = ()  # (name, unit, target)
    activities: tuple[str, ...] = ()
    outcome: str = ""
    led_by_demo_project_lead: bool = False
    published: bool = True
    located: bool = True


_B = "Bydel Bjerke"
_G = "Bydel Grorud"
_S = "Bydel Stovner"
_A = "Bydel Alna"
_NGO = "Frivillighetssentralen Groruddalen (demo)"
_RES = "Romsås beboerforening (demo)"
_ACTIVE = ("approved", "active")
_DONE = ("approved", "active", "completed")

MEASURES = [
    MeasureSpec(
        "sprakloftet-grorud",
        "Språkløftet i barnehagene på Grorud",
        "Language boost in Grorud's kindergartens",
        "measure",
        ("barnehage-skole",),
        ("0301101004", "0301101002"),
        _G,
        2018,
        _ACTIVE,
        "Språkveiledere i barnehagene og kurs for foreldre, for bedre norsk ved skolestart.",
        partners=(_NGO,),
        outputs=(("Barn med språkplan", "barn", 400), ("Foreldrekurs holdt", "kurs", 40)),
        activities=("Ansette språkveiledere", "Holde foreldrekurs"),
        outcome="Bedre norskferdigheter ved skolestart",
        led_by_demo_project_lead=True,
    ),
    MeasureSpec(
        "gratis-kjernetid",
        "Gratis kjernetid i barnehage",
        "Free core hours in kindergarten",
        "service_innovation",
        ("barnehage-skole",),
        ("0301111105", "0301111101"),
        _S,
        2017,
        _ACTIVE,
        "Gratis kjernetid for fire- og femåringer, med oppsøkende arbeid mot familier uten plass.",
        outputs=(("Barn som fikk plass", "barn", 300),),
        activities=("Oppsøkende arbeid", "Informasjon på flere språk"),
        outcome="Flere barn går i barnehage før skolestart",
    ),
    MeasureSpec(
        "leksehjelp-furuset",
        "Leksehjelp og mentorordning på Furuset",
        "Homework help and mentoring at Furuset",
        "measure",
        ("barnehage-skole",),
        ("0301121201",),
        _A,
        2019,
        _ACTIVE,
        "Leksehjelp på biblioteket og studentmentorer for elever på ungdomstrinnet.",
        partners=(_NGO,),
        outputs=(("Elever med mentor", "elever", 150),),
        activities=("Rekruttere mentorer", "Leksehjelp to kvelder i uka"),
        outcome="Flere går videre til og fullfører videregående",
    ),
    MeasureSpec(
        "skolehelse-stovner",
        "Styrket skolehelsetjeneste på Stovner",
        "Stronger school health service in Stovner",
        "pilot",
        ("barnehage-skole", "naermiljo"),
        ("0301111105", "0301111106"),
        _S,
        2018,
        _DONE,
        "Pilot: helsesykepleier og barnevern til stede på skolene hver dag.",
        outputs=(("Elevsamtaler", "samtaler", 1200),),
        activities=("Faste kontortider på skolene", "Felles team med barnevernet"),
        outcome="Tidligere hjelp til barn og familier",
    ),
    MeasureSpec(
        "jobbsjansen-alna",
        "Jobbsjansen for hjemmeværende kvinner",
        "Job chance for women at home",
        "measure",
        ("sysselsetting",),
        ("0301121202", "0301121203"),
        _A,
        2017,
        _DONE,
        "Kvalifisering med språkopplæring og praksisplass for kvinner utenfor arbeidslivet.",
        outputs=(("Deltakere", "personer", 120), ("I arbeid etter ett år", "personer", 50)),
        activities=("Språkopplæring", "Praksisplasser hos lokale arbeidsgivere"),
        outcome="Flere kvinner i arbeid",
    ),
    MeasureSpec(
        "ungdomslos-grorud",
        "Ungdomslos for unge utenfor skole og arbeid",
        "Youth guide for young people outside school and work",
        "pilot",
        ("sysselsetting",),
        ("0301101004", "0301101001"),
        _G,
        2019,
        _ACTIVE,
        "Losfunksjon som følger unge mellom 16 og 24 år tilbake til skole eller arbeid.",
        partners=(_NGO,),
        outputs=(("Unge fulgt opp", "personer", 200),),
        activities=("Oppsøkende arbeid", "Samarbeid med NAV og skolene"),
        outcome="Færre unge utenfor skole og arbeid",
        led_by_demo_project_lead=True,
    ),
    MeasureSpec(
        "lokal-arbeidsgiverkontakt",
        "Lokal arbeidsgiverkontakt",
        "Local employer contact",
        "service_innovation",
        ("sysselsetting",),
        ("0301111101", "0301111102"),
        _S,
        2020,
        _ACTIVE,
        "NAV-veiledere som jobber direkte med bedriftene i dalen om rekruttering.",
        outputs=(("Formidlinger til jobb", "personer", 150),),
        activities=("Bedriftsbesøk", "Rekrutteringsmesser"),
        outcome="Flere voksne i arbeid",
    ),
    MeasureSpec(
        "sommerjobb-ungdom",
        "Sommerjobb for ungdom",
        "Summer jobs for young people",
        "measure",
        ("sysselsetting", "naermiljo"),
        ("0301121204", "0301121205"),
        _A,
        2018,
        _ACTIVE,
        "Sommerjobb i kommunale virksomheter og lokale bedrifter for ungdom 15–18 år.",
        outputs=(("Sommerjobber", "jobber", 600),),
        activities=("Avtaler med arbeidsgivere", "Arbeidslivskurs"),
        outcome="Ungdom får arbeidserfaring og nettverk",
    ),
    MeasureSpec(
        "kvalifisering-helse",
        "Kvalifisering til helsefagarbeider",
        "Training as health care workers",
        "pilot",
        ("sysselsetting",),
        ("0301111104",),
        _S,
        2021,
        ("approved",),
        "Arbeidsplassbasert fagbrev for voksne, i samarbeid med sykehjem i bydelen.",
        outputs=(("Deltakere", "personer", 40),),
        activities=("Opptak", "Praksis på sykehjem"),
        outcome="Flere voksne i arbeid",
    ),
    MeasureSpec(
        "omradeloft-romsas",
        "Områdeløft Romsås",
        "Area upgrading Romsås",
        "physical_upgrade",
        ("naermiljo",),
        ("0301101005",),
        _G,
        2017,
        _ACTIVE,
        "Oppgradering av senteret og turveiene, med beboerne med i planleggingen.",
        partners=(_RES,),
        outputs=(("Turvei rustet opp", "meter", 2500), ("Medvirkningsmøter", "møter", 20)),
        activities=("Kartlegging sammen med beboerne", "Opprusting av turveier"),
        outcome="Tryggere og mer brukte uterom",
        led_by_demo_project_lead=True,
    ),
    MeasureSpec(
        "moteplass-rodtvet",
        "Møteplass på Rødtvet",
        "Meeting place at Rødtvet",
        "measure",
        ("naermiljo",),
        ("0301101002",),
        _G,
        2019,
        _ACTIVE,
        "Et åpent hus for frivillige lag og foreninger, drevet sammen med beboerne.",
        partners=(_NGO, _RES),
        outputs=(("Arrangementer", "arrangementer", 300),),
        activities=("Innrede lokaler", "Frivillighetskoordinator"),
        outcome="Flere beboere deltar i lokalsamfunnet",
    ),
    MeasureSpec(
        "vestli-torg",
        "Nye Vestli torg",
        "The new Vestli square",
        "physical_upgrade",
        ("naermiljo",),
        ("0301111101",),
        _S,
        2017,
        _DONE,
        "Ombygging av torget ved T-banens endestasjon med belysning, benker og lekeplass.",
        outputs=(("Torg ferdigstilt", "torg", 1),),
        activities=("Medvirkning", "Bygging"),
        outcome="Tryggere og mer brukte uterom",
    ),
    MeasureSpec(
        "nabolagsverter",
        "Nabolagsverter i borettslagene",
        "Neighbourhood hosts in housing cooperatives",
        "participation",
        ("naermiljo",),
        ("0301121205", "0301121204"),
        _A,
        2020,
        _ACTIVE,
        "Beboere ansatt som verter som ønsker nye naboer velkommen og fanger opp behov.",
        partners=(_NGO,),
        outputs=(("Verter", "personer", 25),),
        activities=("Opplæring av verter", "Velkomstbesøk"),
        outcome="Flere beboere deltar i lokalsamfunnet",
    ),
    MeasureSpec(
        "stovner-bibliotek",
        "Utvidet åpningstid på Stovner bibliotek",
        "Longer opening hours at Stovner library",
        "service_innovation",
        ("naermiljo", "barnehage-skole"),
        ("0301111105",),
        _S,
        2019,
        _ACTIVE,
        "Meråpent bibliotek med aktiviteter for barn og unge på kveldstid.",
        outputs=(("Besøk", "besøk", 100000),),
        activities=("Meråpen løsning", "Kveldsaktiviteter"),
        outcome="Flere barn og unge med trygge møteplasser",
    ),
    MeasureSpec(
        "veitvet-gronn",
        "Grønne lommer på Veitvet",
        "Green pockets at Veitvet",
        "physical_upgrade",
        ("naermiljo",),
        ("0301090901",),
        _B,
        2021,
        _ACTIVE,
        "Små parker og dyrkingskasser på ubrukte tomter, bygget sammen med skolene.",
        outputs=(("Grønne lommer", "parker", 6),),
        activities=("Tomteavtaler", "Dugnader med skolene"),
        outcome="Tryggere og mer brukte uterom",
    ),
    MeasureSpec(
        "trosterud-idrett",
        "Aktivitetsløftet på Trosterud",
        "Activity boost at Trosterud",
        "measure",
        ("naermiljo",),
        ("0301121204",),
        _A,
        2018,
        ("approved", "active", "stopped"),
        "Gratis idrettstilbud for barn; stanset fordi idrettslaget ikke fikk trenere nok.",
        outputs=(("Barn med i aktivitet", "barn", 250),),
        activities=("Samarbeid med idrettslaget",),
        outcome="Flere barn i organisert aktivitet",
    ),
    MeasureSpec(
        "kartlegging-furuset",
        "Stedsanalyse Furuset",
        "Place analysis Furuset",
        "study",
        ("naermiljo",),
        ("0301121201",),
        _A,
        2017,
        _DONE,
        "Kartlegging av utfordringer, muligheter og ressurser sammen med beboere og næringsliv.",
        outputs=(("Intervjuer og workshops", "møter", 30),),
        activities=("Intervjuer", "Workshops"),
        outcome="Felles kunnskapsgrunnlag for områdeløftet",
    ),
    MeasureSpec(
        "familiesenter-ellingsrud",
        "Familiesenter på Ellingsrud",
        "Family centre at Ellingsrud",
        "pilot",
        ("barnehage-skole", "naermiljo"),
        ("0301121202",),
        _A,
        2022,
        _ACTIVE,
        "Helsestasjon, barnevern og åpen barnehage under samme tak.",
        outputs=(("Familier i kontakt", "familier", 500),),
        activities=("Samlokalisering", "Felles inntak"),
        outcome="Tidligere hjelp til barn og familier",
    ),
    MeasureSpec(
        "digital-hverdag",
        "Digital hverdag for seniorer",
        "Digital everyday life for seniors",
        "measure",
        ("naermiljo",),
        ("0301111106",),
        _S,
        2023,
        (),
        "Foreslått: kurs i digitale tjenester for eldre, holdt av ungdom med sommerjobb.",
        outputs=(("Kursdeltakere", "personer", 200),),
        published=False,
        located=False,
    ),
    MeasureSpec(
        "arbeidsplasser-hellerud",
        "Lokale arbeidsplasser ved Hellerudtoppen",
        "Local workplaces at Hellerudtoppen",
        "pilot",
        ("sysselsetting", "naermiljo"),
        ("0301121205",),
        _A,
        2024,
        ("approved",),
        "Kontorfellesskap og verksted for småbedrifter i ledige næringslokaler.",
        outputs=(("Bedrifter etablert", "bedrifter", 15),),
        published=False,
    ),
]

"""The Darland cluster's calendar of collaborative activities for 2025/26, from its policy.

Dates, times and places are plausible choices; every activity comes from the policy's calendar.
"""

#: half term → (first day, last day), ISO dates
HALF_TERMS = {
    ("autumn", 1): ("2025-09-01", "2025-10-24"),
    ("autumn", 2): ("2025-11-03", "2025-12-19"),
    ("spring", 1): ("2026-01-05", "2026-02-13"),
    ("spring", 2): ("2026-02-23", "2026-03-27"),
    ("summer", 1): ("2026-04-13", "2026-05-22"),
    ("summer", 2): ("2026-06-01", "2026-07-20"),
}

ACTIVITIES = [
    # ==== Autumn term – Tymor yr Hydref ====
    # -- Teaching and learning --
    {
        "term": "autumn",
        "half_term": None,
        "strand": "teaching_learning",
        "kind": "meeting",
        "title_en": "Darland Learning Community Network Meeting",
        "title_cy": "Cyfarfod Rhwydwaith Cymuned Ddysgu Darland",
        "description_en": (
            "Teachers and support staff from the six schools meet as a network to share expertise, resources "
            "and good practice across the Darland Learning Community."
        ),
        "description_cy": (
            "Mae athrawon a staff cymorth o'r chwe ysgol yn cyfarfod fel rhwydwaith i rannu arbenigedd, "
            "adnoddau ac arfer dda ar draws Cymuned Ddysgu Darland."
        ),
        "starts_on": "2025-10-01",
        "ends_on": None,
        "starts_at": "15:45",
        "ends_at": "17:00",
        "location_en": "Darland High School",
        "location_cy": "Ysgol Uwchradd Darland",
        "host": "darland-high",
        "schools": "all",
        "pupils": [],
        "families": False,
        "staff": True,
        "leaders": False,
    },
    {
        "term": "autumn",
        "half_term": None,
        "strand": "teaching_learning",
        "kind": "event",
        "title_en": "Skills Day – Years 5 and 6",
        "title_cy": "Diwrnod Sgiliau – Blwyddyn 5 a 6",
        "description_en": (
            "A skills day at Darland High School for Year 5 and Year 6 pupils from the cluster's primary "
            "schools, who come with their teachers."
        ),
        "description_cy": (
            "Diwrnod sgiliau yn Ysgol Uwchradd Darland i ddisgyblion Blwyddyn 5 a Blwyddyn 6 o ysgolion "
            "cynradd y clwstwr, a fydd yn dod gyda'u hathrawon."
        ),
        "starts_on": "2025-10-09",
        "ends_on": None,
        "starts_at": "09:15",
        "ends_at": "14:45",
        "location_en": "Darland High School",
        "location_cy": "Ysgol Uwchradd Darland",
        "host": "darland-high",
        "schools": "all",
        "pupils": [5, 6],
        "families": False,
        "staff": True,
        "leaders": False,
    },
    # -- Curriculum --
    {
        "term": "autumn",
        "half_term": None,
        "strand": "curriculum",
        "kind": "meeting",
        "title_en": "Curriculum leaders' planning meeting – Humanities; Health and Well-being",
        "title_cy": "Cyfarfod cynllunio arweinwyr y cwricwlwm – Y Dyniaethau; Iechyd a Lles",
        "description_en": (
            "Curriculum leaders from across the cluster meet to plan the 'securing pupil progress' workshops "
            "for the agreed Areas of Learning and Experience: Humanities, and Health and Well-being. The "
            "workshops themselves take place in the spring term."
        ),
        "description_cy": (
            "Mae arweinwyr y cwricwlwm o bob rhan o'r clwstwr yn cyfarfod i gynllunio'r gweithdai 'sicrhau "
            "cynnydd disgyblion' ar gyfer y Meysydd Dysgu a Phrofiad y cytunwyd arnynt: y Dyniaethau, ac "
            "Iechyd a Lles. Cynhelir y gweithdai eu hunain yn nhymor y gwanwyn."
        ),
        "starts_on": "2025-10-08",
        "ends_on": None,
        "starts_at": "15:45",
        "ends_at": "17:00",
        "location_en": "The Rofft Primary School",
        "location_cy": "Ysgol Gynradd y Rofft",
        "host": "the-rofft",
        "schools": "all",
        "pupils": [],
        "families": False,
        "staff": True,
        "leaders": True,
    },
    {
        "term": "autumn",
        "half_term": None,
        "strand": "curriculum",
        "kind": "workshop",
        "title_en": (
            "Securing pupil progress workshop – Science and Technology: graphs, tables and analysis of data"
        ),
        "title_cy": (
            "Gweithdy sicrhau cynnydd disgyblion – Gwyddoniaeth a Thechnoleg: graffiau, tablau a dadansoddi "
            "data"
        ),
        "description_en": (
            "A cluster workshop on securing pupil progress in Science and Technology, focusing on graphs, "
            "tables and the analysis of data. The agreed focus covers 50% of the cohort."
        ),
        "description_cy": (
            "Gweithdy clwstwr ar sicrhau cynnydd disgyblion ym maes Gwyddoniaeth a Thechnoleg, gan "
            "ganolbwyntio ar graffiau, tablau a dadansoddi data. Mae'r ffocws y cytunwyd arno yn cwmpasu 50% "
            "o'r garfan."
        ),
        "starts_on": "2025-11-12",
        "ends_on": None,
        "starts_at": "13:15",
        "ends_at": "15:15",
        "location_en": "Darland High School",
        "location_cy": "Ysgol Uwchradd Darland",
        "host": "darland-high",
        "schools": "all",
        "pupils": [],
        "families": False,
        "staff": True,
        "leaders": False,
    },
    {
        "term": "autumn",
        "half_term": None,
        "strand": "curriculum",
        "kind": "workshop",
        "title_en": (
            "Securing pupil progress workshop – Expressive Arts: discipline techniques in creative work"
        ),
        "title_cy": (
            "Gweithdy sicrhau cynnydd disgyblion – Y Celfyddydau Mynegiannol: technegau disgyblaethol mewn "
            "gwaith creadigol"
        ),
        "description_en": (
            "A cluster workshop on securing pupil progress in Expressive Arts, focusing on 'I can draw upon "
            "my familiarity with a range of discipline techniques in my creative work'. The agreed focus "
            "covers 100% of the cohort."
        ),
        "description_cy": (
            "Gweithdy clwstwr ar sicrhau cynnydd disgyblion ym maes y Celfyddydau Mynegiannol, gan "
            "ganolbwyntio ar 'Gallaf dynnu ar fy nghynefindra ag amrywiaeth o dechnegau disgyblaethol yn fy "
            "ngwaith creadigol'. Mae'r ffocws y cytunwyd arno yn cwmpasu 100% o'r garfan."
        ),
        "starts_on": "2025-11-26",
        "ends_on": None,
        "starts_at": "13:15",
        "ends_at": "15:15",
        "location_en": "Darland High School",
        "location_cy": "Ysgol Uwchradd Darland",
        "host": "darland-high",
        "schools": "all",
        "pupils": [],
        "families": False,
        "staff": True,
        "leaders": False,
    },
    # -- Wellbeing, equity and inclusion --
    {
        "term": "autumn",
        "half_term": 1,
        "strand": "wellbeing",
        "kind": "competition",
        "title_en": "Pumpkin Carving Competition",
        "title_cy": "Cystadleuaeth Cerfio Pwmpen",
        "description_en": (
            "Pupils from the cluster's primary schools carve pumpkins for a cluster competition. Entries are "
            "judged on the final day of the competition, just before the October half-term holiday."
        ),
        "description_cy": (
            "Bydd disgyblion ysgolion cynradd y clwstwr yn cerfio pwmpenni ar gyfer cystadleuaeth y clwstwr. "
            "Caiff y gwaith ei feirniadu ar ddiwrnod olaf y gystadleuaeth, ychydig cyn gwyliau hanner tymor "
            "mis Hydref."
        ),
        "starts_on": "2025-10-13",
        "ends_on": "2025-10-23",
        "starts_at": None,
        "ends_at": None,
        "location_en": "",
        "location_cy": "",
        "host": None,
        "schools": ["all-saints", "the-rofft", "park", "holt", "st-peters"],
        "pupils": [0, 1, 2, 3, 4, 5, 6],
        "families": True,
        "staff": True,
        "leaders": False,
    },
    {
        "term": "autumn",
        "half_term": None,
        "strand": "wellbeing",
        "kind": "event",
        "title_en": "Year 6 check-in days at Darland High School",
        "title_cy": "Diwrnodau holi hynt Blwyddyn 6 yn Ysgol Uwchradd Darland",
        "description_en": (
            "Primary teachers visit Darland High School to check in with their Year 6 pupils from last year "
            "and see how they are settling into Year 7."
        ),
        "description_cy": (
            "Bydd athrawon cynradd yn ymweld ag Ysgol Uwchradd Darland i holi hynt eu disgyblion Blwyddyn 6 "
            "y llynedd a gweld sut maen nhw'n setlo ym Mlwyddyn 7."
        ),
        "starts_on": "2025-10-14",
        "ends_on": "2025-10-15",
        "starts_at": None,
        "ends_at": None,
        "location_en": "Darland High School",
        "location_cy": "Ysgol Uwchradd Darland",
        "host": "darland-high",
        "schools": "all",
        "pupils": [7],
        "families": False,
        "staff": True,
        "leaders": False,
    },
    {
        "term": "autumn",
        "half_term": None,
        "strand": "wellbeing",
        "kind": "event",
        "title_en": "Year 7 visits to primary schools across the cluster",
        "title_cy": "Ymweliadau Blwyddyn 7 ag ysgolion cynradd y clwstwr",
        "description_en": (
            "Year 7 pupils from Darland High School visit primary schools across the cluster. Each primary "
            "school confirms the day of its own visit."
        ),
        "description_cy": (
            "Bydd disgyblion Blwyddyn 7 Ysgol Uwchradd Darland yn ymweld ag ysgolion cynradd ar draws y "
            "clwstwr. Bydd pob ysgol gynradd yn cadarnhau diwrnod ei hymweliad ei hun."
        ),
        "starts_on": "2025-11-17",
        "ends_on": "2025-11-28",
        "starts_at": None,
        "ends_at": None,
        "location_en": "",
        "location_cy": "",
        "host": None,
        "schools": "all",
        "pupils": [7],
        "families": False,
        "staff": True,
        "leaders": False,
    },
    {
        "term": "autumn",
        "half_term": 2,
        "strand": "wellbeing",
        "kind": "event",
        "title_en": "Decorate a Christmas Tree outside school – what is our culture?",
        "title_cy": "Addurno Coeden Nadolig y tu allan i'r ysgol – beth yw ein diwylliant ni?",
        "description_en": (
            "Each school decorates a Christmas tree outside school, with pupils exploring the question 'what "
            "is our culture?'."
        ),
        "description_cy": (
            "Bydd pob ysgol yn addurno coeden Nadolig y tu allan i'r ysgol, a'r disgyblion yn ystyried y "
            "cwestiwn 'beth yw ein diwylliant ni?'."
        ),
        "starts_on": "2025-12-01",
        "ends_on": "2025-12-12",
        "starts_at": None,
        "ends_at": None,
        "location_en": "",
        "location_cy": "",
        "host": None,
        "schools": "all",
        "pupils": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
        "families": True,
        "staff": True,
        "leaders": False,
    },
    {
        "term": "autumn",
        "half_term": None,
        "strand": "wellbeing",
        "kind": "ongoing",
        "title_en": "Cluster sporting events",
        "title_cy": "Digwyddiadau chwaraeon y clwstwr",
        "description_en": (
            "Sporting events bring together pupils from schools across the cluster throughout the term. Each "
            "school shares dates, venues and team details with families."
        ),
        "description_cy": (
            "Mae digwyddiadau chwaraeon yn dod â disgyblion o ysgolion ar draws y clwstwr ynghyd drwy gydol "
            "y tymor. Bydd pob ysgol yn rhannu dyddiadau, lleoliadau a manylion y timau gyda theuluoedd."
        ),
        "starts_on": None,
        "ends_on": None,
        "starts_at": None,
        "ends_at": None,
        "location_en": "",
        "location_cy": "",
        "host": None,
        "schools": "all",
        "pupils": [3, 4, 5, 6],
        "families": True,
        "staff": True,
        "leaders": False,
    },
    {
        "term": "autumn",
        "half_term": None,
        "strand": "wellbeing",
        "kind": "ongoing",
        "title_en": "Wrexham AFC collaboration – careers in sport (CWRE)",
        "title_cy": "Cydweithio â Wrexham AFC – gyrfaoedd ym myd chwaraeon (PCGG)",
        "description_en": (
            "The cluster's ongoing collaboration with Wrexham AFC helps pupils find out about careers in "
            "sport, as part of Careers and Work-Related Experiences (CWRE)."
        ),
        "description_cy": (
            "Mae cydweithio parhaus y clwstwr â Wrexham AFC (CPD Wrecsam) yn helpu disgyblion i ddysgu am "
            "yrfaoedd ym myd chwaraeon, yn rhan o Brofiadau sy'n gysylltiedig â Gyrfaoedd a'r Byd Gwaith "
            "(PCGG)."
        ),
        "starts_on": None,
        "ends_on": None,
        "starts_at": None,
        "ends_at": None,
        "location_en": "",
        "location_cy": "",
        "host": None,
        "schools": "all",
        "pupils": [5, 6, 7, 8, 9],
        "families": False,
        "staff": True,
        "leaders": False,
    },
    # -- Leadership --
    {
        "term": "autumn",
        "half_term": 1,
        "strand": "leadership",
        "kind": "meeting",
        "title_en": "Headteacher Cluster Meeting",
        "title_cy": "Cyfarfod Penaethiaid y Clwstwr",
        "description_en": (
            "The Cluster Leadership Group of the six headteachers meets, as it does every half term, to "
            "review progress, identify areas for development and agree actions for the following term and "
            "the longer term."
        ),
        "description_cy": (
            "Mae Grŵp Arweinyddiaeth y Clwstwr, sef penaethiaid y chwe ysgol, yn cyfarfod bob hanner tymor i "
            "adolygu cynnydd, nodi meysydd i'w datblygu a chytuno ar gamau gweithredu ar gyfer y tymor nesaf "
            "a'r tymor hwy."
        ),
        "starts_on": "2025-09-17",
        "ends_on": None,
        "starts_at": "09:30",
        "ends_at": "12:00",
        "location_en": "Darland High School",
        "location_cy": "Ysgol Uwchradd Darland",
        "host": "darland-high",
        "schools": "all",
        "pupils": [],
        "families": False,
        "staff": False,
        "leaders": True,
    },
    {
        "term": "autumn",
        "half_term": None,
        "strand": "leadership",
        "kind": "event",
        "title_en": "Whole-cluster collaborative day (staff training day)",
        "title_cy": "Diwrnod cydweithio'r clwstwr cyfan (diwrnod hyfforddiant staff)",
        "description_en": (
            "Staff from all six schools come together on a staff training (INSET) day to work on a focus "
            "agreed by the cluster. Schools are closed to pupils on this day."
        ),
        "description_cy": (
            "Bydd staff o'r chwe ysgol yn dod ynghyd ar ddiwrnod hyfforddiant staff (HMS) i weithio ar "
            "ffocws y cytunwyd arno gan y clwstwr. Bydd yr ysgolion ar gau i ddisgyblion ar y diwrnod hwn."
        ),
        "starts_on": "2025-11-03",
        "ends_on": None,
        "starts_at": "09:00",
        "ends_at": "15:00",
        "location_en": "Darland High School",
        "location_cy": "Ysgol Uwchradd Darland",
        "host": "darland-high",
        "schools": "all",
        "pupils": [],
        "families": False,
        "staff": True,
        "leaders": True,
    },
    {
        "term": "autumn",
        "half_term": 2,
        "strand": "leadership",
        "kind": "meeting",
        "title_en": "Headteacher Cluster Meeting",
        "title_cy": "Cyfarfod Penaethiaid y Clwstwr",
        "description_en": (
            "The Cluster Leadership Group of the six headteachers meets, as it does every half term, to "
            "review progress, identify areas for development and agree actions for the following term and "
            "the longer term."
        ),
        "description_cy": (
            "Mae Grŵp Arweinyddiaeth y Clwstwr, sef penaethiaid y chwe ysgol, yn cyfarfod bob hanner tymor i "
            "adolygu cynnydd, nodi meysydd i'w datblygu a chytuno ar gamau gweithredu ar gyfer y tymor nesaf "
            "a'r tymor hwy."
        ),
        "starts_on": "2025-11-19",
        "ends_on": None,
        "starts_at": "09:30",
        "ends_at": "12:00",
        "location_en": "All Saints' Primary School",
        "location_cy": "Ysgol Gynradd yr Holl Saint",
        "host": "all-saints",
        "schools": "all",
        "pupils": [],
        "families": False,
        "staff": False,
        "leaders": True,
    },
    {
        "term": "autumn",
        "half_term": None,
        "strand": "leadership",
        "kind": "ongoing",
        "title_en": "Minibus availability",
        "title_cy": "Argaeledd y bws mini",
        "description_en": (
            "A minibus is available for the cluster's schools to share, so that pupils and staff can travel "
            "to cluster activities. Staff should check availability before planning a trip."
        ),
        "description_cy": (
            "Mae bws mini ar gael i ysgolion y clwstwr ei rannu, er mwyn i ddisgyblion a staff deithio i "
            "weithgareddau'r clwstwr. Dylai staff wirio a yw ar gael cyn trefnu taith."
        ),
        "starts_on": None,
        "ends_on": None,
        "starts_at": None,
        "ends_at": None,
        "location_en": "",
        "location_cy": "",
        "host": None,
        "schools": "all",
        "pupils": [],
        "families": False,
        "staff": True,
        "leaders": False,
    },
    {
        "term": "autumn",
        "half_term": None,
        "strand": "leadership",
        "kind": "ongoing",
        "title_en": "Peer mentoring and coaching",
        "title_cy": "Mentora a hyfforddi gan gymheiriaid",
        "description_en": (
            "Ongoing peer mentoring and coaching for staff and leaders across the cluster, arranged as "
            "agreed between the schools."
        ),
        "description_cy": (
            "Mentora a hyfforddi parhaus gan gymheiriaid i staff ac arweinwyr ar draws y clwstwr, wedi'u "
            "trefnu fel y cytunwyd rhwng yr ysgolion."
        ),
        "starts_on": None,
        "ends_on": None,
        "starts_at": None,
        "ends_at": None,
        "location_en": "",
        "location_cy": "",
        "host": None,
        "schools": "all",
        "pupils": [],
        "families": False,
        "staff": True,
        "leaders": True,
    },
    # ==== Spring term – Tymor y Gwanwyn ====
    # -- Teaching and learning --
    {
        "term": "spring",
        "half_term": None,
        "strand": "teaching_learning",
        "kind": "meeting",
        "title_en": "Darland Learning Community Network Meeting",
        "title_cy": "Cyfarfod Rhwydwaith Cymuned Ddysgu Darland",
        "description_en": (
            "Teachers and support staff from the six schools meet as a network to share expertise, resources "
            "and good practice across the Darland Learning Community."
        ),
        "description_cy": (
            "Mae athrawon a staff cymorth o'r chwe ysgol yn cyfarfod fel rhwydwaith i rannu arbenigedd, "
            "adnoddau ac arfer dda ar draws Cymuned Ddysgu Darland."
        ),
        "starts_on": "2026-01-28",
        "ends_on": None,
        "starts_at": "15:45",
        "ends_at": "17:00",
        "location_en": "All Saints' Primary School",
        "location_cy": "Ysgol Gynradd yr Holl Saint",
        "host": "all-saints",
        "schools": "all",
        "pupils": [],
        "families": False,
        "staff": True,
        "leaders": False,
    },
    {
        "term": "spring",
        "half_term": None,
        "strand": "teaching_learning",
        "kind": "workshop",
        "title_en": (
            "Maths problem-solving workshops for primary schools – critical thinking and problem solving "
            "(CWRE)"
        ),
        "title_cy": (
            "Gweithdai datrys problemau mathemateg i ysgolion cynradd – meddwl yn feirniadol a datrys "
            "problemau (PCGG)"
        ),
        "description_en": (
            "Primary pupils take part in maths workshops at Darland High School, developing critical "
            "thinking and problem-solving skills linked to Careers and Work-Related Experiences (CWRE). Each "
            "primary school attends on one day of the week."
        ),
        "description_cy": (
            "Bydd disgyblion cynradd yn cymryd rhan mewn gweithdai mathemateg yn Ysgol Uwchradd Darland, gan "
            "ddatblygu sgiliau meddwl yn feirniadol a datrys problemau yn rhan o Brofiadau sy'n gysylltiedig "
            "â Gyrfaoedd a'r Byd Gwaith (PCGG). Bydd pob ysgol gynradd yn dod ar un diwrnod o'r wythnos."
        ),
        "starts_on": "2026-02-02",
        "ends_on": "2026-02-06",
        "starts_at": "09:30",
        "ends_at": "14:30",
        "location_en": "Darland High School",
        "location_cy": "Ysgol Uwchradd Darland",
        "host": "darland-high",
        "schools": "all",
        "pupils": [5, 6],
        "families": False,
        "staff": True,
        "leaders": False,
    },
    # -- Curriculum --
    {
        "term": "spring",
        "half_term": None,
        "strand": "curriculum",
        "kind": "workshop",
        "title_en": (
            "Modern foreign language support and sessions from Darland High School – employability skills"
        ),
        "title_cy": (
            "Cymorth a sesiynau ieithoedd tramor modern gan Ysgol Uwchradd Darland – sgiliau cyflogadwyedd"
        ),
        "description_en": (
            "Darland High School provides modern foreign language support and sessions for pupils in the "
            "cluster's primary schools, helping them build employability skills."
        ),
        "description_cy": (
            "Bydd Ysgol Uwchradd Darland yn darparu cymorth a sesiynau ieithoedd tramor modern i ddisgyblion "
            "ysgolion cynradd y clwstwr, gan eu helpu i feithrin sgiliau cyflogadwyedd."
        ),
        "starts_on": "2026-01-12",
        "ends_on": "2026-03-20",
        "starts_at": None,
        "ends_at": None,
        "location_en": "",
        "location_cy": "",
        "host": None,
        "schools": "all",
        "pupils": [5, 6],
        "families": False,
        "staff": True,
        "leaders": False,
    },
    {
        "term": "spring",
        "half_term": None,
        "strand": "curriculum",
        "kind": "workshop",
        "title_en": "Securing pupil progress workshop – Humanities; Health and Well-being",
        "title_cy": "Gweithdy sicrhau cynnydd disgyblion – Y Dyniaethau; Iechyd a Lles",
        "description_en": (
            "A cluster workshop on securing pupil progress in the agreed Areas of Learning and Experience: "
            "Humanities, and Health and Well-being."
        ),
        "description_cy": (
            "Gweithdy clwstwr ar sicrhau cynnydd disgyblion yn y Meysydd Dysgu a Phrofiad y cytunwyd arnynt: "
            "y Dyniaethau, ac Iechyd a Lles."
        ),
        "starts_on": "2026-02-11",
        "ends_on": None,
        "starts_at": "13:15",
        "ends_at": "15:15",
        "location_en": "Park CP School",
        "location_cy": "Ysgol Gynradd Gymunedol Park",
        "host": "park",
        "schools": "all",
        "pupils": [],
        "families": False,
        "staff": True,
        "leaders": False,
    },
    {
        "term": "spring",
        "half_term": None,
        "strand": "curriculum",
        "kind": "meeting",
        "title_en": (
            "Curriculum leaders' planning meeting – Language, Literacy and Communication; Mathematics and "
            "Numeracy"
        ),
        "title_cy": (
            "Cyfarfod cynllunio arweinwyr y cwricwlwm – Iaith, Llythrennedd a Chyfathrebu; Mathemateg a "
            "Rhifedd"
        ),
        "description_en": (
            "Curriculum leaders from across the cluster meet to plan the 'securing pupil progress' workshops "
            "for the agreed Areas of Learning and Experience: Language, Literacy and Communication, and "
            "Mathematics and Numeracy. The workshops themselves take place in the summer term."
        ),
        "description_cy": (
            "Mae arweinwyr y cwricwlwm o bob rhan o'r clwstwr yn cyfarfod i gynllunio'r gweithdai 'sicrhau "
            "cynnydd disgyblion' ar gyfer y Meysydd Dysgu a Phrofiad y cytunwyd arnynt: Iaith, Llythrennedd "
            "a Chyfathrebu, a Mathemateg a Rhifedd. Cynhelir y gweithdai eu hunain yn nhymor yr haf."
        ),
        "starts_on": "2026-03-18",
        "ends_on": None,
        "starts_at": "15:45",
        "ends_at": "17:00",
        "location_en": "St Peter's School",
        "location_cy": "Ysgol Sant Pedr",
        "host": "st-peters",
        "schools": "all",
        "pupils": [],
        "families": False,
        "staff": True,
        "leaders": True,
    },
    # -- Wellbeing, equity and inclusion --
    {
        "term": "spring",
        "half_term": 1,
        "strand": "wellbeing",
        "kind": "event",
        "title_en": "Toys through the Ages – explorative curiosity project (CWRE skills)",
        "title_cy": "Teganau Drwy'r Oesoedd – prosiect chwilfrydedd ac archwilio (sgiliau PCGG)",
        "description_en": (
            "An explorative curiosity project in which primary pupils investigate toys through the ages, "
            "developing skills linked to Careers and Work-Related Experiences (CWRE)."
        ),
        "description_cy": (
            "Prosiect chwilfrydedd ac archwilio lle bydd disgyblion cynradd yn ymchwilio i deganau drwy'r "
            "oesoedd, gan ddatblygu sgiliau sy'n rhan o Brofiadau sy'n gysylltiedig â Gyrfaoedd a'r Byd "
            "Gwaith (PCGG)."
        ),
        "starts_on": "2026-01-12",
        "ends_on": "2026-02-13",
        "starts_at": None,
        "ends_at": None,
        "location_en": "",
        "location_cy": "",
        "host": None,
        "schools": ["all-saints", "the-rofft", "park", "holt", "st-peters"],
        "pupils": [0, 1, 2, 3, 4, 5, 6],
        "families": True,
        "staff": True,
        "leaders": False,
    },
    {
        "term": "spring",
        "half_term": None,
        "strand": "wellbeing",
        "kind": "event",
        "title_en": "Joint staff wellbeing day",
        "title_cy": "Diwrnod lles staff ar y cyd",
        "description_en": (
            "Staff from all six schools come together for a shared wellbeing day, part of the cluster's "
            "common focus on promoting staff wellbeing. It is held on the staff training day at the start of "
            "the second half of the spring term."
        ),
        "description_cy": (
            "Bydd staff o'r chwe ysgol yn dod ynghyd ar gyfer diwrnod lles ar y cyd, yn rhan o ffocws "
            "cyffredin y clwstwr ar hybu lles staff. Fe'i cynhelir ar y diwrnod hyfforddiant staff ar "
            "ddechrau ail hanner tymor y gwanwyn."
        ),
        "starts_on": "2026-02-23",
        "ends_on": None,
        "starts_at": "09:00",
        "ends_at": "15:00",
        "location_en": "Darland High School",
        "location_cy": "Ysgol Uwchradd Darland",
        "host": "darland-high",
        "schools": "all",
        "pupils": [],
        "families": False,
        "staff": True,
        "leaders": True,
    },
    {
        "term": "spring",
        "half_term": None,
        "strand": "wellbeing",
        "kind": "event",
        "title_en": "Cluster Eisteddfodau",
        "title_cy": "Eisteddfodau'r Clwstwr",
        "description_en": (
            "Pupils from the cluster's schools compete in the Cluster Eisteddfodau at Darland High School, "
            "held to celebrate St David's Day. Families are welcome to come and support."
        ),
        "description_cy": (
            "Bydd disgyblion ysgolion y clwstwr yn cystadlu yn Eisteddfodau'r Clwstwr yn Ysgol Uwchradd "
            "Darland, i ddathlu Dydd Gŵyl Dewi. Mae croeso i deuluoedd ddod i gefnogi."
        ),
        "starts_on": "2026-02-26",
        "ends_on": "2026-02-27",
        "starts_at": "09:30",
        "ends_at": "14:30",
        "location_en": "Darland High School",
        "location_cy": "Ysgol Uwchradd Darland",
        "host": "darland-high",
        "schools": "all",
        "pupils": [0, 1, 2, 3, 4, 5, 6],
        "families": True,
        "staff": True,
        "leaders": False,
    },
    {
        "term": "spring",
        "half_term": 2,
        "strand": "wellbeing",
        "kind": "competition",
        "title_en": "Easter Egg Decoration Competition",
        "title_cy": "Cystadleuaeth Addurno Wy Pasg",
        "description_en": (
            "Pupils from the cluster's primary schools decorate Easter eggs for a cluster competition. "
            "Entries are judged on the final day of the competition, before the Easter holiday."
        ),
        "description_cy": (
            "Bydd disgyblion ysgolion cynradd y clwstwr yn addurno wyau Pasg ar gyfer cystadleuaeth y "
            "clwstwr. Caiff y gwaith ei feirniadu ar ddiwrnod olaf y gystadleuaeth, cyn gwyliau'r Pasg."
        ),
        "starts_on": "2026-03-16",
        "ends_on": "2026-03-26",
        "starts_at": None,
        "ends_at": None,
        "location_en": "",
        "location_cy": "",
        "host": None,
        "schools": ["all-saints", "the-rofft", "park", "holt", "st-peters"],
        "pupils": [0, 1, 2, 3, 4, 5, 6],
        "families": True,
        "staff": True,
        "leaders": False,
    },
    {
        "term": "spring",
        "half_term": None,
        "strand": "wellbeing",
        "kind": "ongoing",
        "title_en": "Wrexham AFC collaboration – careers in sport (CWRE)",
        "title_cy": "Cydweithio â Wrexham AFC – gyrfaoedd ym myd chwaraeon (PCGG)",
        "description_en": (
            "The cluster's ongoing collaboration with Wrexham AFC helps pupils find out about careers in "
            "sport, as part of Careers and Work-Related Experiences (CWRE)."
        ),
        "description_cy": (
            "Mae cydweithio parhaus y clwstwr â Wrexham AFC (CPD Wrecsam) yn helpu disgyblion i ddysgu am "
            "yrfaoedd ym myd chwaraeon, yn rhan o Brofiadau sy'n gysylltiedig â Gyrfaoedd a'r Byd Gwaith "
            "(PCGG)."
        ),
        "starts_on": None,
        "ends_on": None,
        "starts_at": None,
        "ends_at": None,
        "location_en": "",
        "location_cy": "",
        "host": None,
        "schools": "all",
        "pupils": [5, 6, 7, 8, 9],
        "families": False,
        "staff": True,
        "leaders": False,
    },
    {
        "term": "spring",
        "half_term": None,
        "strand": "wellbeing",
        "kind": "ongoing",
        "title_en": "Cluster sporting events",
        "title_cy": "Digwyddiadau chwaraeon y clwstwr",
        "description_en": (
            "Sporting events bring together pupils from schools across the cluster throughout the term. Each "
            "school shares dates, venues and team details with families."
        ),
        "description_cy": (
            "Mae digwyddiadau chwaraeon yn dod â disgyblion o ysgolion ar draws y clwstwr ynghyd drwy gydol "
            "y tymor. Bydd pob ysgol yn rhannu dyddiadau, lleoliadau a manylion y timau gyda theuluoedd."
        ),
        "starts_on": None,
        "ends_on": None,
        "starts_at": None,
        "ends_at": None,
        "location_en": "",
        "location_cy": "",
        "host": None,
        "schools": "all",
        "pupils": [3, 4, 5, 6],
        "families": True,
        "staff": True,
        "leaders": False,
    },
    # -- Leadership --
    {
        "term": "spring",
        "half_term": 1,
        "strand": "leadership",
        "kind": "meeting",
        "title_en": "Headteacher Cluster Meeting",
        "title_cy": "Cyfarfod Penaethiaid y Clwstwr",
        "description_en": (
            "The Cluster Leadership Group of the six headteachers meets, as it does every half term, to "
            "review progress, identify areas for development and agree actions for the following term and "
            "the longer term."
        ),
        "description_cy": (
            "Mae Grŵp Arweinyddiaeth y Clwstwr, sef penaethiaid y chwe ysgol, yn cyfarfod bob hanner tymor i "
            "adolygu cynnydd, nodi meysydd i'w datblygu a chytuno ar gamau gweithredu ar gyfer y tymor nesaf "
            "a'r tymor hwy."
        ),
        "starts_on": "2026-01-21",
        "ends_on": None,
        "starts_at": "09:30",
        "ends_at": "12:00",
        "location_en": "The Rofft Primary School",
        "location_cy": "Ysgol Gynradd y Rofft",
        "host": "the-rofft",
        "schools": "all",
        "pupils": [],
        "families": False,
        "staff": False,
        "leaders": True,
    },
    {
        "term": "spring",
        "half_term": 2,
        "strand": "leadership",
        "kind": "meeting",
        "title_en": "Headteacher Cluster Meeting",
        "title_cy": "Cyfarfod Penaethiaid y Clwstwr",
        "description_en": (
            "The Cluster Leadership Group of the six headteachers meets, as it does every half term, to "
            "review progress, identify areas for development and agree actions for the following term and "
            "the longer term."
        ),
        "description_cy": (
            "Mae Grŵp Arweinyddiaeth y Clwstwr, sef penaethiaid y chwe ysgol, yn cyfarfod bob hanner tymor i "
            "adolygu cynnydd, nodi meysydd i'w datblygu a chytuno ar gamau gweithredu ar gyfer y tymor nesaf "
            "a'r tymor hwy."
        ),
        "starts_on": "2026-03-11",
        "ends_on": None,
        "starts_at": "09:30",
        "ends_at": "12:00",
        "location_en": "Park CP School",
        "location_cy": "Ysgol Gynradd Gymunedol Park",
        "host": "park",
        "schools": "all",
        "pupils": [],
        "families": False,
        "staff": False,
        "leaders": True,
    },
    {
        "term": "spring",
        "half_term": None,
        "strand": "leadership",
        "kind": "ongoing",
        "title_en": "Minibus availability",
        "title_cy": "Argaeledd y bws mini",
        "description_en": (
            "A minibus is available for the cluster's schools to share, so that pupils and staff can travel "
            "to cluster activities. Staff should check availability before planning a trip."
        ),
        "description_cy": (
            "Mae bws mini ar gael i ysgolion y clwstwr ei rannu, er mwyn i ddisgyblion a staff deithio i "
            "weithgareddau'r clwstwr. Dylai staff wirio a yw ar gael cyn trefnu taith."
        ),
        "starts_on": None,
        "ends_on": None,
        "starts_at": None,
        "ends_at": None,
        "location_en": "",
        "location_cy": "",
        "host": None,
        "schools": "all",
        "pupils": [],
        "families": False,
        "staff": True,
        "leaders": False,
    },
    {
        "term": "spring",
        "half_term": None,
        "strand": "leadership",
        "kind": "ongoing",
        "title_en": "Peer mentoring and coaching",
        "title_cy": "Mentora a hyfforddi gan gymheiriaid",
        "description_en": (
            "Ongoing peer mentoring and coaching for staff and leaders across the cluster, arranged as "
            "agreed between the schools."
        ),
        "description_cy": (
            "Mentora a hyfforddi parhaus gan gymheiriaid i staff ac arweinwyr ar draws y clwstwr, wedi'u "
            "trefnu fel y cytunwyd rhwng yr ysgolion."
        ),
        "starts_on": None,
        "ends_on": None,
        "starts_at": None,
        "ends_at": None,
        "location_en": "",
        "location_cy": "",
        "host": None,
        "schools": "all",
        "pupils": [],
        "families": False,
        "staff": True,
        "leaders": True,
    },
    # ==== Summer term – Tymor yr Haf ====
    # -- Teaching and learning --
    {
        "term": "summer",
        "half_term": None,
        "strand": "teaching_learning",
        "kind": "meeting",
        "title_en": "Darland Learning Community Network Meeting",
        "title_cy": "Cyfarfod Rhwydwaith Cymuned Ddysgu Darland",
        "description_en": (
            "Teachers and support staff from the six schools meet as a network to share expertise, resources "
            "and good practice across the Darland Learning Community."
        ),
        "description_cy": (
            "Mae athrawon a staff cymorth o'r chwe ysgol yn cyfarfod fel rhwydwaith i rannu arbenigedd, "
            "adnoddau ac arfer dda ar draws Cymuned Ddysgu Darland."
        ),
        "starts_on": "2026-05-06",
        "ends_on": None,
        "starts_at": "15:45",
        "ends_at": "17:00",
        "location_en": "Park CP School",
        "location_cy": "Ysgol Gynradd Gymunedol Park",
        "host": "park",
        "schools": "all",
        "pupils": [],
        "families": False,
        "staff": True,
        "leaders": False,
    },
    {
        "term": "summer",
        "half_term": None,
        "strand": "teaching_learning",
        "kind": "workshop",
        "title_en": "Expressive arts sessions for primary schools",
        "title_cy": "Sesiynau celfyddydau mynegiannol i ysgolion cynradd",
        "description_en": (
            "Primary pupils take part in expressive arts sessions at Darland High School. Each primary "
            "school attends on one day of the week."
        ),
        "description_cy": (
            "Bydd disgyblion cynradd yn cymryd rhan mewn sesiynau celfyddydau mynegiannol yn Ysgol Uwchradd "
            "Darland. Bydd pob ysgol gynradd yn dod ar un diwrnod o'r wythnos."
        ),
        "starts_on": "2026-05-11",
        "ends_on": "2026-05-15",
        "starts_at": "09:30",
        "ends_at": "14:30",
        "location_en": "Darland High School",
        "location_cy": "Ysgol Uwchradd Darland",
        "host": "darland-high",
        "schools": "all",
        "pupils": [5, 6],
        "families": False,
        "staff": True,
        "leaders": False,
    },
    # -- Curriculum --
    {
        "term": "summer",
        "half_term": None,
        "strand": "curriculum",
        "kind": "workshop",
        "title_en": (
            "Securing pupil progress workshop – Language, Literacy and Communication; Mathematics and "
            "Numeracy"
        ),
        "title_cy": (
            "Gweithdy sicrhau cynnydd disgyblion – Iaith, Llythrennedd a Chyfathrebu; Mathemateg a Rhifedd"
        ),
        "description_en": (
            "A cluster workshop on securing pupil progress in the agreed Areas of Learning and Experience: "
            "Language, Literacy and Communication, and Mathematics and Numeracy."
        ),
        "description_cy": (
            "Gweithdy clwstwr ar sicrhau cynnydd disgyblion yn y Meysydd Dysgu a Phrofiad y cytunwyd arnynt: "
            "Iaith, Llythrennedd a Chyfathrebu, a Mathemateg a Rhifedd."
        ),
        "starts_on": "2026-04-22",
        "ends_on": None,
        "starts_at": "13:15",
        "ends_at": "15:15",
        "location_en": "The Rofft Primary School",
        "location_cy": "Ysgol Gynradd y Rofft",
        "host": "the-rofft",
        "schools": "all",
        "pupils": [],
        "families": False,
        "staff": True,
        "leaders": False,
    },
    {
        "term": "summer",
        "half_term": None,
        "strand": "curriculum",
        "kind": "competition",
        "title_en": "Spelling Bee cluster competition",
        "title_cy": "Cystadleuaeth Sillafu'r Clwstwr",
        "description_en": (
            "A spelling bee competition for pupils from across the cluster. It runs over two weeks and ends "
            "with the judging on the final day."
        ),
        "description_cy": (
            "Cystadleuaeth sillafu i ddisgyblion o bob rhan o'r clwstwr. Mae'n para pythefnos ac yn dod i "
            "ben gyda'r beirniadu ar y diwrnod olaf."
        ),
        "starts_on": "2026-06-08",
        "ends_on": "2026-06-19",
        "starts_at": None,
        "ends_at": None,
        "location_en": "",
        "location_cy": "",
        "host": None,
        "schools": "all",
        "pupils": [5, 6, 7],
        "families": True,
        "staff": True,
        "leaders": False,
    },
    {
        "term": "summer",
        "half_term": None,
        "strand": "curriculum",
        "kind": "meeting",
        "title_en": "Curriculum leaders' planning meeting – Expressive Arts; Science and Technology",
        "title_cy": (
            "Cyfarfod cynllunio arweinwyr y cwricwlwm – Y Celfyddydau Mynegiannol; Gwyddoniaeth a Thechnoleg"
        ),
        "description_en": (
            "Curriculum leaders from across the cluster meet to plan the 'securing pupil progress' workshops "
            "for the agreed Areas of Learning and Experience: Expressive Arts, and Science and Technology."
        ),
        "description_cy": (
            "Mae arweinwyr y cwricwlwm o bob rhan o'r clwstwr yn cyfarfod i gynllunio'r gweithdai 'sicrhau "
            "cynnydd disgyblion' ar gyfer y Meysydd Dysgu a Phrofiad y cytunwyd arnynt: y Celfyddydau "
            "Mynegiannol, a Gwyddoniaeth a Thechnoleg."
        ),
        "starts_on": "2026-06-24",
        "ends_on": None,
        "starts_at": "15:45",
        "ends_at": "17:00",
        "location_en": "Holt CP School",
        "location_cy": "Ysgol Gynradd Gymunedol Holt",
        "host": "holt",
        "schools": "all",
        "pupils": [],
        "families": False,
        "staff": True,
        "leaders": True,
    },
    {
        "term": "summer",
        "half_term": None,
        "strand": "curriculum",
        "kind": "event",
        "title_en": "Careers Fair",
        "title_cy": "Ffair Yrfaoedd",
        "description_en": (
            "A careers fair at Darland High School where pupils from across the cluster can find out about a "
            "wide range of jobs and careers."
        ),
        "description_cy": (
            "Ffair yrfaoedd yn Ysgol Uwchradd Darland lle gall disgyblion o bob rhan o'r clwstwr ddysgu am "
            "amrywiaeth eang o swyddi a gyrfaoedd."
        ),
        "starts_on": "2026-06-25",
        "ends_on": None,
        "starts_at": "09:30",
        "ends_at": "15:00",
        "location_en": "Darland High School",
        "location_cy": "Ysgol Uwchradd Darland",
        "host": "darland-high",
        "schools": "all",
        "pupils": [6, 7, 8, 9, 10],
        "families": True,
        "staff": True,
        "leaders": False,
    },
    {
        "term": "summer",
        "half_term": None,
        "strand": "curriculum",
        "kind": "competition",
        "title_en": "Game 24 cluster competition",
        "title_cy": "Cystadleuaeth Gêm 24 y Clwstwr",
        "description_en": (
            "A cluster competition using Game 24, the number game in which players combine four numbers to "
            "make 24. It runs over two weeks and ends with the judging on the final day."
        ),
        "description_cy": (
            "Cystadleuaeth y clwstwr sy'n defnyddio Gêm 24, y gêm rifau lle mae chwaraewyr yn cyfuno pedwar "
            "rhif i wneud 24. Mae'n para pythefnos ac yn dod i ben gyda'r beirniadu ar y diwrnod olaf."
        ),
        "starts_on": "2026-06-29",
        "ends_on": "2026-07-10",
        "starts_at": None,
        "ends_at": None,
        "location_en": "",
        "location_cy": "",
        "host": None,
        "schools": "all",
        "pupils": [5, 6, 7],
        "families": True,
        "staff": True,
        "leaders": False,
    },
    {
        "term": "summer",
        "half_term": None,
        "strand": "curriculum",
        "kind": "ongoing",
        "title_en": "Wrexham City of Culture bid projects",
        "title_cy": "Prosiectau cais Wrecsam i fod yn Ddinas Diwylliant",
        "description_en": (
            "Schools across the cluster take part in projects linked to Wrexham's bid to become a City of "
            "Culture."
        ),
        "description_cy": (
            "Bydd ysgolion ar draws y clwstwr yn cymryd rhan mewn prosiectau sy'n gysylltiedig â chais "
            "Wrecsam i fod yn Ddinas Diwylliant."
        ),
        "starts_on": None,
        "ends_on": None,
        "starts_at": None,
        "ends_at": None,
        "location_en": "",
        "location_cy": "",
        "host": None,
        "schools": "all",
        "pupils": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
        "families": True,
        "staff": True,
        "leaders": False,
    },
    # -- Wellbeing, equity and inclusion --
    {
        "term": "summer",
        "half_term": None,
        "strand": "wellbeing",
        "kind": "event",
        "title_en": "Schools in Bloom (Summer 1 and 2)",
        "title_cy": "Ysgolion yn eu Blodau (Haf 1 a 2)",
        "description_en": (
            "Schools across the cluster take part in Schools in Bloom throughout both halves of the summer "
            "term, with pupils growing plants and brightening their school grounds."
        ),
        "description_cy": (
            "Bydd ysgolion ar draws y clwstwr yn cymryd rhan yn Ysgolion yn eu Blodau drwy gydol dau hanner "
            "tymor yr haf, gyda disgyblion yn tyfu planhigion ac yn harddu tir yr ysgol."
        ),
        "starts_on": "2026-04-13",
        "ends_on": "2026-07-17",
        "starts_at": None,
        "ends_at": None,
        "location_en": "",
        "location_cy": "",
        "host": None,
        "schools": "all",
        "pupils": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
        "families": True,
        "staff": True,
        "leaders": False,
    },
    {
        "term": "summer",
        "half_term": None,
        "strand": "wellbeing",
        "kind": "event",
        "title_en": "Llay Show – entrepreneurial and enterprise skills (CWRE)",
        "title_cy": "Sioe Llai – sgiliau entrepreneuraidd a menter (PCGG)",
        "description_en": (
            "Pupils from the cluster develop entrepreneurial and enterprise skills at the Llay Show, the "
            "local agricultural show, as part of Careers and Work-Related Experiences (CWRE). The show is on "
            "a Saturday, and families are welcome to come along."
        ),
        "description_cy": (
            "Bydd disgyblion y clwstwr yn datblygu sgiliau entrepreneuraidd a menter yn Sioe Llai, y sioe "
            "amaethyddol leol, yn rhan o Brofiadau sy'n gysylltiedig â Gyrfaoedd a'r Byd Gwaith (PCGG). "
            "Cynhelir y sioe ar ddydd Sadwrn, ac mae croeso i deuluoedd ddod draw."
        ),
        "starts_on": "2026-06-06",
        "ends_on": None,
        "starts_at": None,
        "ends_at": None,
        "location_en": "Llay Show, Llay",
        "location_cy": "Sioe Llai, Llai",
        "host": None,
        "schools": "all",
        "pupils": [3, 4, 5, 6],
        "families": True,
        "staff": True,
        "leaders": False,
    },
    {
        "term": "summer",
        "half_term": None,
        "strand": "wellbeing",
        "kind": "meeting",
        "title_en": "Parent/carer transition meetings",
        "title_cy": "Cyfarfodydd pontio i rieni a gofalwyr",
        "description_en": (
            "Meetings at Darland High School for parents and carers of Year 6 pupils, to help families "
            "prepare for the move to secondary school in September."
        ),
        "description_cy": (
            "Cyfarfodydd yn Ysgol Uwchradd Darland i rieni a gofalwyr disgyblion Blwyddyn 6, i helpu "
            "teuluoedd i baratoi ar gyfer symud i'r ysgol uwchradd ym mis Medi."
        ),
        "starts_on": "2026-06-10",
        "ends_on": None,
        "starts_at": "18:00",
        "ends_at": "19:30",
        "location_en": "Darland High School",
        "location_cy": "Ysgol Uwchradd Darland",
        "host": "darland-high",
        "schools": "all",
        "pupils": [6],
        "families": True,
        "staff": True,
        "leaders": False,
    },
    {
        "term": "summer",
        "half_term": None,
        "strand": "wellbeing",
        "kind": "event",
        "title_en": "Extended transition and taster days at Darland High School",
        "title_cy": "Diwrnodau pontio estynedig a diwrnodau blasu yn Ysgol Uwchradd Darland",
        "description_en": (
            "Year 6 pupils from the cluster's primary schools spend extended transition and taster days at "
            "Darland High School, getting to know the school before they start Year 7 in September."
        ),
        "description_cy": (
            "Bydd disgyblion Blwyddyn 6 o ysgolion cynradd y clwstwr yn treulio diwrnodau pontio estynedig a "
            "diwrnodau blasu yn Ysgol Uwchradd Darland, gan ddod i adnabod yr ysgol cyn dechrau ym Mlwyddyn "
            "7 ym mis Medi."
        ),
        "starts_on": "2026-07-01",
        "ends_on": "2026-07-03",
        "starts_at": "08:45",
        "ends_at": "15:15",
        "location_en": "Darland High School",
        "location_cy": "Ysgol Uwchradd Darland",
        "host": "darland-high",
        "schools": "all",
        "pupils": [6],
        "families": True,
        "staff": True,
        "leaders": False,
    },
    {
        "term": "summer",
        "half_term": None,
        "strand": "wellbeing",
        "kind": "ongoing",
        "title_en": "Wrexham AFC collaboration – careers in sport (CWRE)",
        "title_cy": "Cydweithio â Wrexham AFC – gyrfaoedd ym myd chwaraeon (PCGG)",
        "description_en": (
            "The cluster's ongoing collaboration with Wrexham AFC helps pupils find out about careers in "
            "sport, as part of Careers and Work-Related Experiences (CWRE)."
        ),
        "description_cy": (
            "Mae cydweithio parhaus y clwstwr â Wrexham AFC (CPD Wrecsam) yn helpu disgyblion i ddysgu am "
            "yrfaoedd ym myd chwaraeon, yn rhan o Brofiadau sy'n gysylltiedig â Gyrfaoedd a'r Byd Gwaith "
            "(PCGG)."
        ),
        "starts_on": None,
        "ends_on": None,
        "starts_at": None,
        "ends_at": None,
        "location_en": "",
        "location_cy": "",
        "host": None,
        "schools": "all",
        "pupils": [5, 6, 7, 8, 9],
        "families": False,
        "staff": True,
        "leaders": False,
    },
    {
        "term": "summer",
        "half_term": None,
        "strand": "wellbeing",
        "kind": "ongoing",
        "title_en": "Cluster sporting events",
        "title_cy": "Digwyddiadau chwaraeon y clwstwr",
        "description_en": (
            "Sporting events bring together pupils from schools across the cluster throughout the term. Each "
            "school shares dates, venues and team details with families."
        ),
        "description_cy": (
            "Mae digwyddiadau chwaraeon yn dod â disgyblion o ysgolion ar draws y clwstwr ynghyd drwy gydol "
            "y tymor. Bydd pob ysgol yn rhannu dyddiadau, lleoliadau a manylion y timau gyda theuluoedd."
        ),
        "starts_on": None,
        "ends_on": None,
        "starts_at": None,
        "ends_at": None,
        "location_en": "",
        "location_cy": "",
        "host": None,
        "schools": "all",
        "pupils": [3, 4, 5, 6],
        "families": True,
        "staff": True,
        "leaders": False,
    },
    # -- Leadership --
    {
        "term": "summer",
        "half_term": 1,
        "strand": "leadership",
        "kind": "meeting",
        "title_en": "Headteacher Cluster Meeting",
        "title_cy": "Cyfarfod Penaethiaid y Clwstwr",
        "description_en": (
            "The Cluster Leadership Group of the six headteachers meets, as it does every half term, to "
            "review progress, identify areas for development and agree actions for the following term and "
            "the longer term."
        ),
        "description_cy": (
            "Mae Grŵp Arweinyddiaeth y Clwstwr, sef penaethiaid y chwe ysgol, yn cyfarfod bob hanner tymor i "
            "adolygu cynnydd, nodi meysydd i'w datblygu a chytuno ar gamau gweithredu ar gyfer y tymor nesaf "
            "a'r tymor hwy."
        ),
        "starts_on": "2026-04-29",
        "ends_on": None,
        "starts_at": "09:30",
        "ends_at": "12:00",
        "location_en": "Holt CP School",
        "location_cy": "Ysgol Gynradd Gymunedol Holt",
        "host": "holt",
        "schools": "all",
        "pupils": [],
        "families": False,
        "staff": False,
        "leaders": True,
    },
    {
        "term": "summer",
        "half_term": 2,
        "strand": "leadership",
        "kind": "meeting",
        "title_en": "Headteacher Cluster Meeting",
        "title_cy": "Cyfarfod Penaethiaid y Clwstwr",
        "description_en": (
            "The Cluster Leadership Group of the six headteachers meets, as it does every half term, to "
            "review progress, identify areas for development and agree actions for the following term and "
            "the longer term."
        ),
        "description_cy": (
            "Mae Grŵp Arweinyddiaeth y Clwstwr, sef penaethiaid y chwe ysgol, yn cyfarfod bob hanner tymor i "
            "adolygu cynnydd, nodi meysydd i'w datblygu a chytuno ar gamau gweithredu ar gyfer y tymor nesaf "
            "a'r tymor hwy."
        ),
        "starts_on": "2026-06-17",
        "ends_on": None,
        "starts_at": "09:30",
        "ends_at": "12:00",
        "location_en": "St Peter's School",
        "location_cy": "Ysgol Sant Pedr",
        "host": "st-peters",
        "schools": "all",
        "pupils": [],
        "families": False,
        "staff": False,
        "leaders": True,
    },
    {
        "term": "summer",
        "half_term": None,
        "strand": "leadership",
        "kind": "ongoing",
        "title_en": "Minibus availability",
        "title_cy": "Argaeledd y bws mini",
        "description_en": (
            "A minibus is available for the cluster's schools to share, so that pupils and staff can travel "
            "to cluster activities. Staff should check availability before planning a trip."
        ),
        "description_cy": (
            "Mae bws mini ar gael i ysgolion y clwstwr ei rannu, er mwyn i ddisgyblion a staff deithio i "
            "weithgareddau'r clwstwr. Dylai staff wirio a yw ar gael cyn trefnu taith."
        ),
        "starts_on": None,
        "ends_on": None,
        "starts_at": None,
        "ends_at": None,
        "location_en": "",
        "location_cy": "",
        "host": None,
        "schools": "all",
        "pupils": [],
        "families": False,
        "staff": True,
        "leaders": False,
    },
    {
        "term": "summer",
        "half_term": None,
        "strand": "leadership",
        "kind": "ongoing",
        "title_en": "Peer mentoring and coaching",
        "title_cy": "Mentora a hyfforddi gan gymheiriaid",
        "description_en": (
            "Ongoing peer mentoring and coaching for staff and leaders across the cluster, arranged as "
            "agreed between the schools."
        ),
        "description_cy": (
            "Mentora a hyfforddi parhaus gan gymheiriaid i staff ac arweinwyr ar draws y clwstwr, wedi'u "
            "trefnu fel y cytunwyd rhwng yr ysgolion."
        ),
        "starts_on": None,
        "ends_on": None,
        "starts_at": None,
        "ends_at": None,
        "location_en": "",
        "location_cy": "",
        "host": None,
        "schools": "all",
        "pupils": [],
        "families": False,
        "staff": True,
        "leaders": True,
    },
]

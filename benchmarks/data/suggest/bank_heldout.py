"""The phrase bank of the held-out set (see README.md): written apart from bank_main.py, in
other words and for other organisations. The glossary is not tuned on it."""

INTENTS: dict[str, dict[str, list[str]]] = {
    "combines": {
        "ru": ["комбайны для уборки урожая", "зерноуборочная техника", "комбайн КЗС-1218"],
        "en": ["grain harvesting combines", "harvester machines", "combine for wheat harvest"],
    },
    "tractor_service": {
        "seek_ru": ["сервисные партнёры для обслуживания тракторов", "региональный дилер техники"],
        "seek_en": ["service partners for our tractors", "regional machinery dealer"],
        "offer_ru": ["дилерство и сервис тракторов и комбайнов", "продажа и ремонт сельхозмашин"],
        "offer_en": [
            "tractor and combine dealership with workshops",
            "farm machinery sales and repair",
        ],
    },
    "machine_tools": {
        "ru": ["токарно-револьверные станки", "станочный парк с ЧПУ", "шлифовальные станки"],
        "en": ["turret lathes", "CNC machine park", "grinding machines"],
    },
    "forgings": {
        "ru": [
            "поковки и штамповки",
            "кузнечно-прессовое производство",
            "горячая штамповка деталей",
        ],
        "en": ["forgings and stampings", "hot die forging", "forged parts"],
    },
    "gearboxes": {
        "ru": ["редукторы", "коробки передач для спецтехники", "мотор-редукторы"],
        "en": ["gearboxes", "transmissions for special vehicles", "geared motors"],
    },
    "municipal_vehicles": {
        "ru": ["коммунальная техника", "мусоровозы", "подметально-уборочные машины"],
        "en": ["municipal vehicles", "garbage trucks", "street sweepers"],
    },
    "buses": {
        "ru": ["пассажирский транспорт для города", "низкопольные автобусы", "электротранспорт"],
        "en": ["low-floor buses", "urban passenger vehicles", "battery-electric buses"],
    },
    "milk_products": {
        "ru": ["кисломолочная продукция", "творог и сметана", "сыр моцарелла", "молочные продукты"],
        "en": [
            "fermented milk products",
            "cottage cheese and sour cream",
            "mozzarella",
            "milk products",
        ],
    },
    "packaging_film": {
        "ru": ["плёнка для паллетирования", "пищевая плёнка", "полиэтиленовые пакеты"],
        "en": ["pallet wrap", "cling film for food", "polyethylene bags"],
    },
    "bottles": {
        "ru": ["пластиковая тара для напитков", "ПЭТ тара", "бутылки из ПЭТ"],
        "en": ["plastic beverage bottles", "PET containers", "polyethylene terephthalate bottles"],
    },
    "boxes": {
        "ru": ["коробки из гофрокартона", "транспортная упаковка из картона", "картонные лотки"],
        "en": ["corrugated cartons", "shipping boxes", "cardboard trays"],
    },
    "pork_beef": {
        "ru": ["охлаждённая говядина", "мясо свиней", "мясные полуфабрикаты"],
        "en": ["chilled beef", "pork cuts", "meat semi-finished products"],
    },
    "cattle": {
        "ru": ["тёлки молочных пород", "племенные быки", "маточное поголовье КРС"],
        "en": ["dairy breed heifers", "breeding bulls", "cattle for herd expansion"],
    },
    "fodder": {
        "ru": ["корма и кормовые смеси", "силос и сенаж", "белково-витаминные добавки"],
        "en": ["feed mixes", "silage and haylage", "protein and vitamin supplements"],
    },
    "agrochemicals": {
        "ru": ["удобрения калийные и азотные", "агрохимикаты", "протравители семян"],
        "en": ["potassium and nitrogen fertilisers", "agricultural chemicals", "seed treatments"],
    },
    "grain_crops": {
        "ru": ["пшеница 3 класса", "кукуруза на зерно", "ячмень пивоваренный"],
        "en": ["class 3 wheat", "grain maize", "malting barley"],
    },
    "confectionery": {
        "ru": ["сладости", "шоколадная продукция", "мармелад"],
        "en": ["sweets and candy", "chocolate products", "marmalade"],
    },
    "sugar_raw": {
        "ru": ["свекловичный сахар", "сахар в мешках по 50 кг"],
        "en": ["beet sugar", "sugar in 50 kg bags"],
    },
    "lumber": {
        "ru": ["доска хвойная сухая", "строганые пиломатериалы", "лес пиленый"],
        "en": ["kiln-dried softwood boards", "planed lumber", "sawn wood"],
    },
    "logs": {
        "ru": ["хвойный пиловочник", "берёзовый фанкряж", "лесосырьё"],
        "en": ["softwood sawlogs", "birch veneer logs", "raw timber"],
    },
    "panels": {
        "ru": ["ламинированное ДСП", "плиты МДФ", "влагостойкая фанера"],
        "en": ["laminated chipboard", "MDF boards", "moisture-resistant plywood"],
    },
    "furniture": {
        "ru": ["мебель для гостиниц", "кухонная мебель", "мебель для дома"],
        "en": ["hotel furniture", "kitchen furniture", "home furniture"],
    },
    "software": {
        "ru": [
            "создание программных продуктов под заказ",
            "разработка веб-сервисов",
            "софт под ключ",
        ],
        "en": ["software built to order", "web services development", "turnkey software products"],
    },
    "accounting_it": {
        "ru": ["автоматизация бухгалтерии", "система управления предприятием", "внедрение 1С:ERP"],
        "en": ["accounting automation", "enterprise resource planning", "1C:ERP rollout"],
    },
    "infosec": {
        "ru": ["защита от кибератак", "SOC-мониторинг", "средства защиты информации"],
        "en": ["protection against cyber attacks", "SOC monitoring", "data security tools"],
    },
    "cloud": {
        "ru": ["аренда виртуальных серверов", "облачное хранение данных", "колокейшн"],
        "en": ["virtual server rental", "cloud data storage", "colocation"],
    },
    "medicines": {
        "ru": ["препараты для лечения диабета", "противовирусные лекарства", "фармпрепараты"],
        "en": ["diabetes drugs", "antiviral medicines", "pharma products"],
    },
    "substances": {
        "ru": ["сырьё для фармпроизводства", "фармацевтические субстанции"],
        "en": ["raw materials for drug manufacturing", "pharma substances"],
    },
    "diagnostics": {
        "ru": ["диагностическая аппаратура", "компьютерные томографы", "лабораторное оборудование"],
        "en": ["diagnostic imaging equipment", "CT scanners", "laboratory equipment"],
    },
    "sanatorium": {
        "ru": ["путёвки в санатории", "курортное оздоровление", "восстановительное лечение"],
        "en": ["sanatorium vouchers", "spa and wellness stays", "restorative treatment"],
    },
    "exchange": {
        "ru": [
            "семестровое обучение по обмену",
            "обмен преподавателями и студентами",
            "летние школы",
        ],
        "en": ["semester exchange", "staff and student mobility", "summer schools"],
    },
    "research": {
        "ru": ["совместные научные проекты", "исследования и разработки", "совместные лаборатории"],
        "en": ["joint scientific projects", "research and development", "joint laboratories"],
    },
    "training": {
        "ru": ["курсы для инженеров", "обучение рабочих профессий", "корпоративное обучение"],
        "en": ["courses for engineers", "training in blue-collar trades", "corporate training"],
    },
    "tours": {
        "ru": ["экскурсии по Золотому кольцу", "туры выходного дня", "групповые поездки"],
        "en": ["Golden Ring excursions", "weekend tours", "group trips"],
    },
    "accommodation": {
        "ru": ["номерной фонд для групп", "проживание в гостинице", "бронирование отелей"],
        "en": ["rooms for groups", "hotel stays", "hotel booking"],
    },
    "trucking": {
        "ru": ["перевозка грузов фурами", "доставка сборных грузов", "экспедирование грузов"],
        "en": ["truckload transport", "groupage delivery", "freight forwarding"],
    },
    "storage": {
        "ru": ["аренда склада", "хранение на паллетоместах", "фулфилмент"],
        "en": ["warehouse rental", "pallet storage", "fulfilment"],
    },
    "railway": {
        "ru": ["перевозки в вагонах", "отправка контейнеров по железной дороге"],
        "en": ["wagon shipments", "container transport by rail"],
    },
    "heating": {
        "ru": ["котлы для котельных", "теплогенераторы", "оборудование для теплоснабжения"],
        "en": ["boilers for heating plants", "heat generators", "district heating equipment"],
    },
    "cables": {
        "ru": ["кабель силовой", "провода и кабели", "кабельная продукция"],
        "en": ["power cable", "wires and cables", "cable products"],
    },
    "solar": {
        "ru": ["фотоэлектрические модули", "солнечная генерация", "СЭС под ключ"],
        "en": ["photovoltaic modules", "solar generation", "turnkey solar plants"],
    },
    "concrete": {
        "ru": ["бетонные смеси", "сборный железобетон", "цемент марки М500"],
        "en": ["concrete mixes", "precast reinforced concrete", "M500 cement"],
    },
    "walls": {
        "ru": ["блоки из ячеистого бетона", "облицовочный кирпич"],
        "en": ["cellular concrete blocks", "facing bricks"],
    },
    "build_housing": {
        "ru": ["возведение жилых комплексов", "строительство социального жилья"],
        "en": ["building residential complexes", "social housing construction"],
    },
    "sewage": {
        "ru": ["очистка сточных вод", "станции водоочистки", "модернизация водоканала"],
        "en": ["sewage treatment", "water purification stations", "water utility upgrade"],
    },
    "garments": {
        "ru": ["пошив одежды", "корпоративная униформа", "швейное производство"],
        "en": ["garment sewing", "corporate uniforms", "apparel manufacturing"],
    },
    "linen": {
        "ru": ["льняное волокно", "лён"],
        "en": ["linen fibre", "flax"],
    },
}

SATISFIES: dict[str, list[str]] = {}

RU_REGIONS = ["RU-SMO", "RU-MOW", "RU-SPE", "RU-TA", "RU-SVE", "RU-KGD", "RU-ORL", "RU-TUL",
              "RU-VLA", "RU-IRK", "RU-KEM", "RU-ULY"]  # fmt: skip
BY_REGIONS = ["BY-BR", "BY-HO", "BY-HR", "BY-MA", "BY-MI", "BY-VI", "BY-HM"]

ARCHETYPES: list[dict[str, object]] = [
    {
        "id": "combine_plant",
        "sectors_ru": ["сельхозмашиностроение"],
        "sectors_en": ["farm equipment"],
        "names_ru": ["ОАО «Лидсельмаш»", "АО «Клевер»", "ООО «Красноярский комбайновый завод»"],
        "names_en": ["Lidselmash", "Klever JSC", "Krasnoyarsk Combine Works"],
        "offers": ["combines", "gearboxes"],
        "seeks": ["tractor_service", "forgings", "machine_tools"],
    },
    {
        "id": "dealer",
        "sectors_ru": ["торговля техникой"],
        "sectors_en": ["machinery trade"],
        "names_ru": ["ООО «АгроСервис Орёл»", "ООО «ТехноАгро Иркутск»"],
        "names_en": ["AgroService Oryol", "TechnoAgro Irkutsk"],
        "offers": ["tractor_service"],
        "seeks": ["combines"],
    },
    {
        "id": "machine_plant",
        "sectors_ru": ["машиностроение"],
        "sectors_en": ["engineering"],
        "names_ru": [
            "ОАО «Белкоммунмаш»",
            "ОАО «Амкодор»",
            "АО «Тулажелдормаш»",
            "ОАО «Кузлитмаш»",
        ],
        "names_en": ["Belkommunmash", "Amkodor", "Tulazheldormash", "Kuzlitmash"],
        "offers": ["municipal_vehicles", "buses", "forgings", "gearboxes"],
        "seeks": ["machine_tools", "cables", "training"],
    },
    {
        "id": "city",
        "sectors_ru": ["муниципальное управление"],
        "sectors_en": ["municipal government"],
        "names_ru": ["Гродненский горисполком", "Администрация Тулы", "Мэрия Калининграда"],
        "names_en": [
            "Grodno City Executive Committee",
            "Tula City Administration",
            "Kaliningrad City Hall",
        ],
        "offers": ["tours"],
        "seeks": ["municipal_vehicles", "buses", "sewage", "build_housing", "heating", "solar"],
    },
    {
        "id": "dairy",
        "sectors_ru": ["молочная отрасль"],
        "sectors_en": ["dairy industry"],
        "names_ru": [
            "ОАО «Минский молочный завод №1»",
            "ОАО «Слуцкий сыродельный комбинат»",
            "АО «Вимм»",
        ],
        "names_en": ["Minsk Dairy Plant No. 1", "Slutsk Cheese Factory", "Vimm Dairy"],
        "offers": ["milk_products"],
        "seeks": ["packaging_film", "boxes", "storage", "cattle"],
    },
    {
        "id": "livestock_farm",
        "sectors_ru": ["животноводство"],
        "sectors_en": ["livestock farming"],
        "names_ru": ["СХП «Заря»", "ООО «Тульская нива»", "ОАО «Племзавод Мухавец»"],
        "names_en": ["Zarya Farm", "Tula Niva", "Mukhavets Breeding Farm"],
        "offers": ["cattle", "grain_crops", "pork_beef"],
        "seeks": ["fodder", "agrochemicals", "combines"],
    },
    {
        "id": "feed_chem",
        "sectors_ru": ["агрохимия", "комбикормовая промышленность"],
        "sectors_en": ["agrochemistry", "feed industry"],
        "names_ru": ["ОАО «Гродненский комбикормовый завод»", "АО «Апатит»"],
        "names_en": ["Grodno Feed Mill", "Apatit JSC"],
        "offers": ["fodder", "agrochemicals"],
        "seeks": ["railway", "bottles"],
    },
    {
        "id": "food_maker",
        "sectors_ru": ["пищевая промышленность"],
        "sectors_en": ["food production"],
        "names_ru": [
            "ОАО «Слодыч»",
            "ООО «Тульский пряник»",
            "ОАО «Городейский сахарный комбинат»",
        ],
        "names_en": ["Slodych", "Tula Gingerbread Factory", "Gorodeya Sugar Plant"],
        "offers": ["confectionery", "sugar_raw"],
        "seeks": ["sugar_raw", "boxes", "packaging_film", "trucking"],
    },
    {
        "id": "meat",
        "sectors_ru": ["мясная промышленность"],
        "sectors_en": ["meat industry"],
        "names_ru": ["ОАО «Слонимский мясокомбинат»", "АО «Останкинский МПК»"],
        "names_en": ["Slonim Meat Plant", "Ostankino Meat Processing"],
        "offers": ["pork_beef"],
        "seeks": ["cattle", "packaging_film", "storage"],
    },
    {
        "id": "plastics",
        "sectors_ru": ["производство упаковки"],
        "sectors_en": ["packaging"],
        "names_ru": ["ООО «Пакпласт»", "ОАО «Гродненский завод упаковки»", "ООО «Упакс»"],
        "names_en": ["Pakplast", "Grodno Packaging Plant", "Upax LLC"],
        "offers": ["packaging_film", "bottles", "boxes"],
        "seeks": ["logs", "trucking"],
    },
    {
        "id": "wood",
        "sectors_ru": ["лесопромышленный комплекс"],
        "sectors_en": ["timber industry"],
        "names_ru": ["ОАО «Ивацевичдрев»", "АО «Илим Тимбер»", "ООО «Владимирлес»"],
        "names_en": ["Ivatsevichdrev", "Ilim Timber", "Vladimirles"],
        "offers": ["lumber", "panels", "logs"],
        "seeks": ["logs", "machine_tools", "railway"],
    },
    {
        "id": "furniture",
        "sectors_ru": ["производство мебели"],
        "sectors_en": ["furniture"],
        "names_ru": ["ОАО «Минскпроектмебель»", "ООО «Мебельная фабрика Мария»"],
        "names_en": ["Minskproektmebel", "Maria Furniture Factory"],
        "offers": ["furniture"],
        "seeks": ["panels", "lumber", "garments"],
    },
    {
        "id": "software_house",
        "sectors_ru": ["разработка программного обеспечения"],
        "sectors_en": ["software engineering"],
        "names_ru": ["ООО «Викисофт»", "ООО «Иннософт Калининград»", "ООО «Гродно ИТ Парк»"],
        "names_en": ["Wikisoft", "Innosoft Kaliningrad", "Grodno IT Park"],
        "offers": ["software", "accounting_it", "infosec"],
        "seeks": ["cloud", "exchange", "research"],
    },
    {
        "id": "hosting",
        "sectors_ru": ["ЦОД"],
        "sectors_en": ["data centres"],
        "names_ru": ["РУП «Национальный центр обмена трафиком»", "ООО «Сибирский ЦОД»"],
        "names_en": ["National Traffic Exchange Centre", "Siberian Data Centre"],
        "offers": ["cloud"],
        "seeks": ["infosec", "cables", "heating"],
    },
    {
        "id": "pharma",
        "sectors_ru": ["фармацевтическая промышленность"],
        "sectors_en": ["pharma industry"],
        "names_ru": [
            "ОАО «Несвижский завод медицинских препаратов»",
            "АО «Акрихин»",
            "ООО «Рубикон»",
        ],
        "names_en": ["Nesvizh Medical Products Plant", "Akrikhin", "Rubicon LLC"],
        "offers": ["medicines", "substances"],
        "seeks": ["substances", "research", "boxes"],
    },
    {
        "id": "clinic",
        "sectors_ru": ["медицина"],
        "sectors_en": ["health services"],
        "names_ru": [
            "ГУ «Минский научно-практический центр хирургии»",
            "ГАУЗ «Тульская областная больница»",
        ],
        "names_en": ["Minsk Surgery Centre", "Tula Regional Hospital"],
        "offers": ["sanatorium", "training"],
        "seeks": ["diagnostics", "medicines", "cloud"],
    },
    {
        "id": "resort",
        "sectors_ru": ["курортный бизнес"],
        "sectors_en": ["resorts"],
        "names_ru": ["Санаторий «Нарочанский берег»", "ООО «Курорт Светлогорск»"],
        "names_en": ["Narochansky Bereg Resort", "Svetlogorsk Resort"],
        "offers": ["sanatorium", "accommodation"],
        "seeks": ["furniture", "tours", "diagnostics"],
    },
    {
        "id": "travel_agency",
        "sectors_ru": ["туриндустрия"],
        "sectors_en": ["travel industry"],
        "names_ru": ["ООО «Виаполь»", "ООО «Золотое кольцо Тур»"],
        "names_en": ["Viapol Travel", "Golden Ring Tours"],
        "offers": ["tours"],
        "seeks": ["accommodation", "sanatorium"],
    },
    {
        "id": "university",
        "sectors_ru": ["высшая школа"],
        "sectors_en": ["universities"],
        "names_ru": [
            "Полоцкий государственный университет",
            "Ульяновский государственный университет",
            "БГУИР",
            "Иркутский национальный исследовательский технический университет",
        ],
        "names_en": [
            "Polotsk State University",
            "Ulyanovsk State University",
            "Belarusian State University of Informatics and Radioelectronics",
            "Irkutsk National Research Technical University",
        ],
        "offers": ["exchange", "research", "training"],
        "seeks": ["exchange", "research", "software"],
    },
    {
        "id": "logistics",
        "sectors_ru": ["транспортные услуги"],
        "sectors_en": ["freight services"],
        "names_ru": ["ООО «Белтранзит»", "ООО «Калининград Логистик»", "ООО «Орёл-Карго»"],
        "names_en": ["Beltransit", "Kaliningrad Logistics", "Oryol Cargo"],
        "offers": ["trucking", "storage", "railway"],
        "seeks": ["municipal_vehicles", "accounting_it", "cables"],
    },
    {
        "id": "power",
        "sectors_ru": ["энергетическое машиностроение"],
        "sectors_en": ["power equipment"],
        "names_ru": [
            "ОАО «Белэнергоремналадка»",
            "ООО «Кабельный завод Кольчугино»",
            "ООО «Солнечная генерация»",
        ],
        "names_en": ["Belenergoremnaladka", "Kolchugino Cable Plant", "Solar Generation LLC"],
        "offers": ["heating", "cables", "solar"],
        "seeks": ["forgings", "training", "concrete"],
    },
    {
        "id": "builder",
        "sectors_ru": ["стройкомплекс"],
        "sectors_en": ["construction sector"],
        "names_ru": ["ОАО «Гродножилстрой»", "ООО «Тулаоблстрой»", "ОАО «Брестжилстрой»"],
        "names_en": ["Grodnozhilstroy", "Tulaoblstroy", "Brestzhilstroy"],
        "offers": ["build_housing", "sewage"],
        "seeks": ["concrete", "walls", "cables", "heating"],
    },
    {
        "id": "materials",
        "sectors_ru": ["производство стройматериалов"],
        "sectors_en": ["construction materials"],
        "names_ru": ["ОАО «Кричевцементношифер»", "ОАО «Обольский керамический завод»"],
        "names_en": ["Krichevcementnoshifer", "Obol Ceramic Plant"],
        "offers": ["concrete", "walls"],
        "seeks": ["railway", "trucking", "machine_tools"],
    },
    {
        "id": "textiles",
        "sectors_ru": ["текстильная промышленность"],
        "sectors_en": ["textile industry"],
        "names_ru": ["ОАО «Светлагорск-Текстиль»", "ООО «Ивановская швейная фабрика»"],
        "names_en": ["Svetlogorsk Textile", "Ivanovo Garment Factory"],
        "offers": ["garments"],
        "seeks": ["linen", "boxes"],
    },
    {
        "id": "flax_farm",
        "sectors_ru": ["льноводство"],
        "sectors_en": ["flax growing"],
        "names_ru": ["ОАО «Ошмянский льнозавод»", "ООО «Смоленский лён»"],
        "names_en": ["Oshmyany Flax Mill", "Smolensk Flax"],
        "offers": ["linen"],
        "seeks": ["combines", "agrochemicals"],
    },
]

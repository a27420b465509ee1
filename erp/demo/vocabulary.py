"""Words the demo generator combines into plausible names (a co-packer of consumer goods). Plain constants."""

from __future__ import annotations

from dataclasses import dataclass

BUSINESS_UNITS = ("Personal Care", "Home Care", "Food & Beverage", "Health & Wellness")

CUSTOMER_PREFIXES = (
    "Northwind", "Bluebird", "Summit", "Evergreen", "Harbor", "Pioneer", "Redwood", "Silverline", "Keystone",
    "Lakeshore", "Prairie", "Granite", "Cedar", "Meridian", "Sunrise", "Atlas", "Beacon", "Horizon", "Juniper",
    "Maple", "Orchard", "Riverbend", "Sierra", "Tidewater", "Willow", "Coastal", "Heartland", "Liberty",
)
CUSTOMER_CORES = (
    "Retail", "Brands", "Naturals", "Consumer Products", "Foods", "Labs", "Health", "Home", "Goods", "Wellness",
    "Distribution", "Trading", "Beauty", "Essentials", "Market",
)
CUSTOMER_SUFFIXES = ("Inc.", "LLC", "Co.", "Corp.", "S.A. de C.V.", "Ltd.", "Group")

VENDOR_PREFIXES = (
    "Allied", "Premier", "United", "Continental", "Precision", "Reliable", "Superior", "Pacific", "Midwest",
    "Global", "National", "Consolidated", "Apex", "Vector", "Sterling", "Quality",
)
VENDOR_CORES = {
    "liquid": ("Chemicals", "Ingredients", "Blending"),
    "powder": ("Ingredients", "Minerals", "Milling"),
    "container": ("Plastics", "Containers", "Molding", "Glass"),
    "closure": ("Closures", "Dispensing Systems", "Caps"),
    "label": ("Label", "Printing", "Graphics"),
    "carton": ("Folding Carton", "Paperboard", "Printing"),
    "case": ("Corrugated", "Box", "Packaging"),
    "film": ("Films", "Flexible Packaging", "Poly"),
    "pallet": ("Pallet", "Wood Products", "Logistics Supply"),
    "insert": ("Printing", "Paper Products", "Graphics"),
}

LOCATIONS = (
    ("Chicago", "IL", "US"), ("Milwaukee", "WI", "US"), ("Indianapolis", "IN", "US"), ("Columbus", "OH", "US"),
    ("Detroit", "MI", "US"), ("Minneapolis", "MN", "US"), ("St. Louis", "MO", "US"), ("Dallas", "TX", "US"),
    ("Houston", "TX", "US"), ("Atlanta", "GA", "US"), ("Charlotte", "NC", "US"), ("Nashville", "TN", "US"),
    ("Denver", "CO", "US"), ("Phoenix", "AZ", "US"), ("Los Angeles", "CA", "US"), ("Seattle", "WA", "US"),
    ("Newark", "NJ", "US"), ("Boston", "MA", "US"), ("Monterrey", "NL", "MX"), ("Guadalajara", "JAL", "MX"),
    ("Mexico City", "CDMX", "MX"), ("Querétaro", "QRO", "MX"), ("Toronto", "ON", "CA"), ("Montréal", "QC", "CA"),
)

BUYERS = ("A. Morales", "J. Chen", "K. Patel", "L. Rossi", "M. García", "S. Novak")


@dataclass(frozen=True)
class ComponentFamily:
    """A kind of component: how it is named, measured, costed and used in a BOM."""

    key: str
    prefix: str  # part number prefix: RM raw material, PK packaging
    uom: str
    cost: tuple[float, float]  # unit cost range
    scrap: tuple[float, float]  # scrap % range on BOM lines
    nouns: tuple[str, ...]
    qualifiers: tuple[str, ...]
    share: float  # share of all components


COMPONENT_FAMILIES: tuple[ComponentFamily, ...] = (
    ComponentFamily(
        "liquid", "RM", "KG", (1.2, 14.0), (0.5, 3.0),
        ("soap base", "shampoo base", "surface cleaner concentrate", "lotion base", "syrup", "sauce base",
         "mouthwash base", "dish detergent base", "conditioner base", "glycerin blend"),
        ("Lavender", "Citrus", "Unscented", "Mint", "Vanilla", "Ocean", "Aloe", "Cherry", "Original", "Eucalyptus"),
        0.16,
    ),
    ComponentFamily(
        "powder", "RM", "KG", (0.8, 22.0), (0.5, 2.5),
        ("protein powder", "drink mix", "laundry powder", "electrolyte blend", "spice blend", "vitamin premix"),
        ("Chocolate", "Berry", "Lemon", "Plain", "Tropical", "Original", "Fresh"),
        0.08,
    ),
    ComponentFamily(
        "container", "PK", "EA", (0.06, 0.65), (0.5, 2.5),
        ("HDPE bottle", "PET bottle", "glass jar", "tube", "aerosol can", "pouch", "tub"),
        ("250 ml", "500 ml", "750 ml", "1 L", "2 L", "100 g", "400 g", "1 kg", "8 oz", "16 oz"),
        0.16,
    ),
    ComponentFamily(
        "closure", "PK", "EA", (0.02, 0.38), (0.5, 2.0),
        ("cap", "pump", "trigger sprayer", "flip-top cap", "lid", "valve"),
        ("24 mm white", "28 mm black", "28 mm white", "38 mm clear", "53 mm natural", "63 mm white"),
        0.12,
    ),
    ComponentFamily(
        "label", "PK", "EA", (0.008, 0.09), (1.5, 5.0),
        ("front label", "back label", "neck label", "shrink sleeve"),
        ("SKU-specific", "bilingual", "promo", "standard"),
        0.2,
    ),
    ComponentFamily(
        "carton", "PK", "EA", (0.05, 0.45), (1.0, 4.0),
        ("folding carton", "display tray", "blister card"),
        ("small", "medium", "large", "2-pack", "4-pack"),
        0.09,
    ),
    ComponentFamily(
        "case", "PK", "EA", (0.3, 1.6), (0.5, 2.0),
        ("corrugated case", "RSC shipper", "half-slotted case"),
        ("6-ct", "12-ct", "24-ct", "48-ct"),
        0.07,
    ),
    ComponentFamily(
        "film", "PK", "M", (0.04, 0.25), (2.0, 6.0),
        ("shrink film", "stretch film", "lidding film", "sachet film"),
        ("18 in", "24 in", "300 mm", "450 mm"),
        0.05,
    ),
    ComponentFamily(
        "pallet", "PK", "EA", (6.0, 16.0), (0.0, 1.0),
        ("GMA pallet", "CHEP pallet", "export pallet", "half pallet"),
        ("48x40", "1200x1000", "48x20"),
        0.02,
    ),
    ComponentFamily(
        "insert", "PK", "EA", (0.005, 0.06), (1.0, 3.0),
        ("leaflet", "coupon insert", "scoop", "divider"),
        ("EN/ES", "EN/FR", "standard"),
        0.05,
    ),
)

FG_BRANDS = (
    "Brightwave", "PureNest", "Fieldstone", "Aquafresh Pro", "Daybreak", "Kindred", "Glowleaf", "Harvest Table",
    "TrueCare", "Nimbus", "Sparrow", "Verdant", "Oakridge", "Solstice", "Blue Mesa", "Little Birch",
)
FG_PRODUCTS = {
    "Personal Care": ("Hand Soap", "Body Wash", "Shampoo", "Conditioner", "Lotion", "Toothpaste", "Deodorant"),
    "Home Care": ("Dish Liquid", "All-Purpose Cleaner", "Glass Cleaner", "Laundry Detergent", "Air Freshener"),
    "Food & Beverage": ("BBQ Sauce", "Pancake Syrup", "Drink Mix", "Seasoning", "Salad Dressing", "Cold Brew"),
    "Health & Wellness": ("Protein Powder", "Electrolyte Mix", "Mouthwash", "Vitamin Gummies", "Sanitizer"),
}
FG_VARIANTS = ("Lavender", "Citrus", "Unscented", "Original", "Mint", "Berry", "Vanilla", "Ocean", "Spicy", "Lite")
FG_SIZES = ("8 oz", "12 oz", "16 oz", "250 ml", "500 ml", "1 L", "400 g", "1 kg", "2-pack", "Club 3-pack")
CASE_COUNTS = (6, 12, 24)

# Components made in house from other components (sub-assemblies, part prefix SA): each has its own BOM.
# "blend" is compounded from raw materials, "dressed" is a container with its labels, "kit" a dressed container
# with its closure (a BOM three levels deep under the finished good). Cost ranges are unused: their cost rolls up.
MADE_FAMILIES: tuple[ComponentFamily, ...] = (
    ComponentFamily(
        "blend", "SA", "KG", (0, 0), (0.3, 1.5),
        ("compounded batch", "premix", "bulk blend"),
        ("Lavender", "Citrus", "Unscented", "Mint", "Vanilla", "Original", "Berry"),
        0.4,
    ),
    ComponentFamily(
        "dressed", "SA", "EA", (0, 0), (0.2, 1.0),
        ("labelled", "decorated", "sleeved"),
        (), 0.35,
    ),
    ComponentFamily(
        "kit", "SA", "EA", (0, 0), (0.1, 0.8),
        ("capped", "pump-fitted", "sealed"),
        (), 0.25,
    ),
)

"""factory-boy factories for the core plant data and users."""

import datetime as dt

import factory
from django.contrib.auth.models import Group

from portal.models import Department, Facility, Machine, ProductionCapacity, ProductionLine, Shift, User


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"F{n:02d}")
    name = factory.LazyAttribute(lambda o: f"Plant {o.code}")
    erp_code = factory.LazyAttribute(lambda o: o.code)
    time_zone = "America/Chicago"


class ProductionLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductionLine

    facility = factory.SubFactory(FacilityFactory)
    code = factory.Sequence(lambda n: f"L{n:02d}")
    name = factory.LazyAttribute(lambda o: f"Line {o.code}")
    erp_line_code = factory.LazyAttribute(lambda o: o.code)


class MachineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Machine

    line = factory.SubFactory(ProductionLineFactory)
    code = factory.Sequence(lambda n: f"M{n:03d}")
    name = factory.LazyAttribute(lambda o: f"Machine {o.code}")
    machine_type = "press"


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    name = factory.Sequence(lambda n: f"Department {n}")


class ShiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Shift

    facility = factory.SubFactory(FacilityFactory)
    name = factory.Sequence(lambda n: f"Shift {n}")
    start_time = dt.time(6, 0)
    end_time = dt.time(14, 0)


class ProductionCapacityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProductionCapacity

    line = factory.SubFactory(ProductionLineFactory)
    shift = factory.SubFactory(ShiftFactory, facility=factory.SelfAttribute("..line.facility"))
    units_per_shift = 1000


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@plant.local")
    password = factory.django.Password("correct-horse-battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        """``UserFactory(roles=["Scheduling_User"])`` puts the user in those role groups."""
        if create and extracted:
            self.groups.set([Group.objects.get(name=name) for name in extracted])

    @factory.post_generation
    def lines(self, create, extracted, **kwargs):
        """``UserFactory(lines=[line])`` makes the user work on those lines (through a department of them): floor
        scoping fails closed, so a floor user without a department works on no line (portal/services/scoping.py)."""
        if create and extracted:
            work_on(self, *extracted)


def work_on(user: User, *lines: ProductionLine) -> User:
    """Put an existing user to work on ``lines`` (a department of exactly those lines)."""
    department = DepartmentFactory(name=f"{user.username} on {', '.join(line.code for line in lines)}")
    department.lines.add(*lines)
    user.departments.add(department)
    return user

"""«Настройки личного кабинета»: all fields saved together or none, per-role rights, the password change."""

from decimal import Decimal

import pytest

from domain.errors import Forbidden
from domain.phones import PhoneStyle
from domain.roles import AccountRole, UserRole
from domain.sender_names import SenderStatus
from domain.services import account_settings, account_users, accounts, auth
from domain.services.account_settings import AccountInput, ProfileInput, SettingsInvalid
from storage.models import Account, AuditEvent, SenderName, User

PASSWORD = 'owner-password-1'
PROFILE = ProfileInput(full_name='Иванов Иван', email='ivanov@example.ru', phone='8 (916) 123-45-67')


def _account(**changes: object) -> AccountInput:
    values: dict[str, object] = {
        'timezone': 'Asia/Yekaterinburg',
        'default_sender': 'INCORE',
        'phone_style': 'eight',
        'parts_cap': '4',
        'validity_hours': '48',
        'low_balance_threshold': '500,50',
    }
    return AccountInput(**(values | changes))  # type: ignore[arg-type]


async def _owner() -> tuple[int, int]:
    await accounts.create_user(login='owner', role=UserRole.client, password=PASSWORD, account_name='ООО Ромашка')
    user = await User.get(login='owner')
    assert user.account_id is not None
    await SenderName.create(account_id=user.account_id, name='INCORE', status=SenderStatus.approved)
    await SenderName.create(account_id=user.account_id, name='WAITING', status=SenderStatus.pending)
    return user.id, user.account_id


async def test_saving_writes_the_profile_and_the_account_settings(db: str) -> None:
    owner_id, account_id = await _owner()
    view = await account_settings.save(user_id=owner_id, profile=PROFILE, account=_account())
    assert (view.profile.full_name, view.profile.email, view.profile.phone) == (
        'Иванов Иван',
        'ivanov@example.ru',
        '+79161234567',
    )
    assert view.account is not None
    assert view.account.timezone == 'Asia/Yekaterinburg'
    assert (view.account.default_sender, view.account.phone_style) == ('INCORE', PhoneStyle.EIGHT)
    assert (view.account.parts_cap, view.account.validity_hours) == (4, 48)
    assert view.account.low_balance_threshold == Decimal('500.50')
    session = await auth.authenticate('owner', PASSWORD)
    assert (session.timezone, session.low_balance_threshold) == ('Asia/Yekaterinburg', Decimal('500.50'))
    assert await AuditEvent.exists(kind='settings_changed', account_id=account_id, user_id=owner_id)


async def test_bad_fields_are_all_named_and_nothing_is_saved(db: str) -> None:
    owner_id, account_id = await _owner()
    bad = _account(
        timezone='Europe/London',
        default_sender='WAITING',
        phone_style='smoke',
        parts_cap='11',
        validity_hours='73',
        low_balance_threshold='-1',
    )
    profile = ProfileInput(full_name='Иванов', email='ivanov@', phone='12')
    with pytest.raises(SettingsInvalid) as invalid:
        await account_settings.save(user_id=owner_id, profile=profile, account=bad)
    assert dict(invalid.value.problems) == {
        'email': 'email_invalid',
        'phone': 'phone_too_short',
        'timezone': 'timezone_unknown',
        'default_sender': 'sender_not_approved',
        'phone_style': 'phone_style_unknown',
        'parts_cap': 'parts_cap_invalid',
        'validity_hours': 'validity_invalid',
        'low_balance_threshold': 'threshold_invalid',
    }
    user, account = await User.get(id=owner_id), await Account.get(id=account_id)
    assert (user.full_name, user.email, user.phone) == ('', '', '')  # the good name was not half-saved either
    assert (account.timezone, account.parts_cap, account.low_balance_threshold) == ('Europe/Moscow', 8, 0)


async def test_each_limit_is_refused_with_its_field(db: str) -> None:
    owner_id, _ = await _owner()
    cases = [
        ('parts_cap', '0', 'parts_cap_invalid'),
        ('parts_cap', '2.5', 'parts_cap_invalid'),
        ('validity_hours', '0', 'validity_invalid'),
        ('validity_hours', 'сутки', 'validity_invalid'),
        ('low_balance_threshold', '10,001', 'threshold_invalid'),
        ('low_balance_threshold', 'NaN', 'threshold_invalid'),
    ]
    for field, value, problem in cases:
        with pytest.raises(SettingsInvalid) as invalid:
            await account_settings.save(user_id=owner_id, profile=PROFILE, account=_account(**{field: value}))
        assert invalid.value.problems == ((field, problem),)


async def test_a_zero_or_empty_threshold_means_no_banner_and_limits_are_inclusive(db: str) -> None:
    owner_id, _ = await _owner()
    view = await account_settings.save(
        user_id=owner_id,
        profile=ProfileInput(full_name='', email='', phone=''),
        account=_account(parts_cap='10', validity_hours='1', low_balance_threshold='', default_sender=''),
    )
    assert view.account is not None
    assert (view.account.parts_cap, view.account.validity_hours) == (10, 1)
    assert (view.account.low_balance_threshold, view.account.default_sender) == (Decimal('0'), '')


async def test_a_viewer_saves_only_the_profile_and_an_operator_the_account_too(db: str) -> None:
    owner_id, account_id = await _owner()
    ids = {}
    for role in (AccountRole.viewer, AccountRole.operator):
        await account_users.invite_user(
            actor_id=owner_id, account_id=account_id, login=role.value, full_name='', role=role
        )
        ids[role] = (await User.get(login=role.value)).id
    with pytest.raises(Forbidden):
        await account_settings.save(user_id=ids[AccountRole.viewer], profile=PROFILE, account=_account())
    assert (await User.get(id=ids[AccountRole.viewer])).email == ''
    await account_settings.save(user_id=ids[AccountRole.viewer], profile=PROFILE, account=None)
    assert (await User.get(id=ids[AccountRole.viewer])).email == 'ivanov@example.ru'
    await account_settings.save(user_id=ids[AccountRole.operator], profile=PROFILE, account=_account())
    assert (await Account.get(id=account_id)).timezone == 'Asia/Yekaterinburg'


async def test_a_password_change_ends_the_other_sessions_and_keeps_the_callers(db: str) -> None:
    owner_id, account_id = await _owner()
    here = await auth.authenticate('owner', PASSWORD)
    elsewhere = await auth.authenticate('owner', PASSWORD)
    version = await account_settings.change_password(
        user_id=owner_id, old_password=PASSWORD, new_password='new-password-2', repeat='new-password-2'
    )
    assert version == here.session_version + 1
    assert await auth.session_user(owner_id, elsewhere.session_version) is None
    assert await auth.session_user(owner_id, version) is not None  # the caller stores the new version
    with pytest.raises(auth.LoginRefused):
        await auth.authenticate('owner', PASSWORD)
    assert (await auth.authenticate('owner', 'new-password-2')).user_id == owner_id
    assert await AuditEvent.exists(kind='password_changed', user_id=owner_id, account_id=account_id)


async def test_a_refused_password_change_names_the_fields_and_changes_nothing(db: str) -> None:
    owner_id, _ = await _owner()
    before = await User.get(id=owner_id)
    cases = [
        ('', 'new-password-2', 'new-password-2', {'old_password': 'password_old_empty'}),
        ('wrong-password', 'new-password-2', 'new-password-2', {'old_password': 'password_old_wrong'}),
        (PASSWORD, 'short', 'short', {'new_password': 'password_too_short'}),
        (PASSWORD, PASSWORD, PASSWORD, {'new_password': 'password_same'}),
        (PASSWORD, 'new-password-2', 'new-password-3', {'repeat_password': 'password_repeat_mismatch'}),
    ]
    for old, new, repeat, problems in cases:
        with pytest.raises(SettingsInvalid) as invalid:
            await account_settings.change_password(user_id=owner_id, old_password=old, new_password=new, repeat=repeat)
        assert dict(invalid.value.problems) == problems
    after = await User.get(id=owner_id)
    assert (after.password_hash, after.session_version) == (before.password_hash, before.session_version)
    assert await AuditEvent.filter(kind='password_change_failed', user_id=owner_id).count() == 1


async def test_a_manager_has_a_profile_and_a_password_but_no_account_settings(db: str) -> None:
    await accounts.create_user(login='boss', role=UserRole.manager, password=PASSWORD)
    boss = await User.get(login='boss')
    view = await account_settings.load(user_id=boss.id)
    assert view.account is None
    await account_settings.save(user_id=boss.id, profile=PROFILE, account=None)
    with pytest.raises(Forbidden):
        await account_settings.save(user_id=boss.id, profile=PROFILE, account=_account())
    assert await account_settings.change_password(
        user_id=boss.id, old_password=PASSWORD, new_password='new-password-2', repeat='new-password-2'
    )

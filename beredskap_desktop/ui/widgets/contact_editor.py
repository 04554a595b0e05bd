"""The contact detail editor: every field, inline validation, copy-to-clipboard."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QPlainTextEdit, QPushButton, QScrollArea, QToolButton, QVBoxLayout, QWidget,
)

from beredskap_desktop.domain.clock import now_utc, show
from beredskap_desktop.domain.contacts import (
    PHONE_FIELDS, Contact, ContactType, OrgKind, check_fields, check_other_phones, is_stale, label,
)
from beredskap_desktop.domain.phones import dial_string, format_phone
from beredskap_desktop.i18n import _
from beredskap_desktop.storage import contacts as contact_store
from beredskap_desktop.storage.database import Store

_LINE_FIELDS = (
    "name", "position", "work_mobile", "work_landline", "private_phone", "satellite_phone", "email",
    "nodnett_alias", "nodnett_issi", "nodnett_talkgroups", "meeting_point", "availability",
)
_ERROR_STYLE = "color: #b91c1c;"
_WARNING_STYLE = "color: #92400e;"


class ContactEditor(QWidget):
    """Edits one contact; ``saved`` carries its id after a successful save."""

    saved = Signal(str)
    pick_deputy = Signal()

    def __init__(self, store: Store, stale_months: int, parent=None):
        super().__init__(parent)
        self._store = store
        self._stale_months = stale_months
        self.contact: Contact | None = None
        self._deputy_id: str | None = None
        self._verified_at = None
        self._loading = False
        self.dirty = False
        self._organisations_current = False
        self.lines: dict[str, QLineEdit] = {}
        self.messages: dict[str, QLabel] = {}
        self._build()
        self._set_read_only(store.read_only)
        self.load(None, fill_organisations=False)  # the list is read on first real use: a cheap start

    # Building
    def _build(self) -> None:
        form_host = QWidget()
        self.form = QFormLayout(form_host)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.heading.setWordWrap(True)
        self.form.addRow(self.heading)
        self.contact_type = QComboBox()
        self.contact_type.addItem(_("Person"), ContactType.PERSON.value)
        self.contact_type.addItem(_("Organisation"), ContactType.ORGANISATION.value)
        self.contact_type.currentIndexChanged.connect(self._type_changed)
        self.form.addRow(_("Type"), self.contact_type)
        for name in _LINE_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(name)
            edit.setAccessibleName(label(name))
            edit.textEdited.connect(self._mark_dirty)
            edit.editingFinished.connect(lambda name=name: self._check_one(name))
            self.lines[name] = edit
            self.messages[name] = self._message_label()
            field: QWidget = edit
            if name in PHONE_FIELDS:
                field = self._with_copy(edit)
            if name == "private_phone":
                edit.setEchoMode(QLineEdit.EchoMode.Password)
                edit.setToolTip(_("Restricted: only for call-outs. Hidden in lists and exports unless asked for."))
                show_button = QToolButton(text=_("Show"))
                show_button.setCheckable(True)
                show_button.toggled.connect(lambda on: edit.setEchoMode(QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password))
                field.layout().addWidget(show_button)
                self.show_private = show_button
            self.form.addRow(label(name), self._stacked(field, self.messages[name]))
            if name == "position":
                self._add_organisation_rows()
        self.lines["name"].setPlaceholderText(_("Full name, or the organisation's name"))
        self.lines["work_mobile"].setPlaceholderText("412 34 567")
        self.lines["work_landline"].setPlaceholderText("22 33 44 55")
        self.lines["nodnett_issi"].setPlaceholderText(_("up to 8 digits"))
        self._add_deputy_row()
        self.roles = QListWidget()
        self.roles.setMinimumHeight(120)
        self.roles.setMaximumHeight(160)
        self.roles.itemChanged.connect(self._mark_dirty)
        self.form.addRow(label("roles"), self.roles)
        self.other_phones = QPlainTextEdit()
        self.other_phones.setPlaceholderText(_("One per line: label: number"))
        self.other_phones.setMaximumHeight(70)
        self.other_phones.textChanged.connect(self._mark_dirty)
        self.messages["other_phones"] = self._message_label()
        self.form.addRow(label("other_phones"), self._stacked(self.other_phones, self.messages["other_phones"]))
        self.notes = QPlainTextEdit()
        self.notes.setMaximumHeight(80)
        self.notes.textChanged.connect(self._mark_dirty)
        self.form.addRow(label("notes"), self.notes)
        self._add_verified_rows()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(form_host)
        self.summary = self._message_label()
        self.save_button = QPushButton(_("Save"))
        self.save_button.setToolTip(_("Save (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton(_("Undo changes"))
        self.revert_button.clicked.connect(lambda: self.load(self.contact))
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)

    def _add_organisation_rows(self) -> None:
        self.organisation = QComboBox()
        self.organisation.setObjectName("organisation")
        self.organisation.addItem(_("(none)"), None)
        self.organisation.currentIndexChanged.connect(self._mark_dirty)
        self.org_kind = QComboBox()
        self.org_kind.setObjectName("org_kind")
        self.org_kind.addItem("", None)
        for kind in OrgKind:
            self.org_kind.addItem(kind.label, kind.value)
        self.org_kind.currentIndexChanged.connect(self._mark_dirty)
        for combo in (self.organisation, self.org_kind):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(18)
        self.form.addRow(label("organisation"), self.organisation)
        self.form.addRow(label("org_kind"), self.org_kind)

    def _add_deputy_row(self) -> None:
        self.deputy_label = QLabel()
        self.deputy_label.setWordWrap(True)
        self.choose_deputy = QPushButton(_("Choose…"))
        self.choose_deputy.clicked.connect(self.pick_deputy)
        self.clear_deputy = QPushButton(_("Remove"))
        self.clear_deputy.clicked.connect(lambda: self.set_deputy(None))
        row = QHBoxLayout()
        row.addWidget(self.deputy_label, 1)
        row.addWidget(self.choose_deputy)
        row.addWidget(self.clear_deputy)
        host = QWidget()
        host.setLayout(row)
        row.setContentsMargins(0, 0, 0, 0)
        self.form.addRow(label("deputy"), host)

    def _add_verified_rows(self) -> None:
        self.verified_label = QLabel()
        self.verified_label.setObjectName("verified")
        self.verified_label.setWordWrap(True)
        self.verified_by = QLineEdit()
        self.verified_by.setPlaceholderText(_("Who checked the details"))
        self.verified_by.textEdited.connect(self._mark_dirty)
        self.confirm_button = QPushButton(_("Confirm details are correct today"))
        self.confirm_button.clicked.connect(self._confirm_verified)
        self.form.addRow(label("verified_at"), self.verified_label)
        self.form.addRow(label("verified_by"), self.verified_by)
        self.form.addRow("", self.confirm_button)

    @staticmethod
    def _message_label() -> QLabel:
        message = QLabel()
        message.setWordWrap(True)
        message.hide()
        return message

    @staticmethod
    def _stacked(field: QWidget, message: QLabel) -> QWidget:
        host = QWidget()
        column = QVBoxLayout(host)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(field)
        column.addWidget(message)
        return host

    def _with_copy(self, edit: QLineEdit) -> QWidget:
        host = QWidget()
        row = QHBoxLayout(host)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(edit, 1)
        copy = QToolButton(text=_("Copy"))
        copy.setObjectName(f"copy_{edit.objectName()}")
        copy.setToolTip(_("Copy the number to the clipboard"))
        copy.clicked.connect(lambda: self._copy(edit.objectName()))
        row.addWidget(copy)
        return host

    # Loading
    def load(self, contact: Contact | None, fill_organisations: bool = True) -> None:
        """Show ``contact`` (or an empty form for a new person)."""
        self._loading = True
        self.contact = contact
        shown = contact or Contact(id="", name="")
        self.heading.setText(shown.name or _("New contact"))
        self.contact_type.setCurrentIndex(self.contact_type.findData(shown.contact_type.value))
        for name, edit in self.lines.items():
            value = getattr(shown, name)
            edit.setText(format_phone(value) if name in PHONE_FIELDS else (value or ""))
            edit.setCursorPosition(0)
        self.show_private.setChecked(False)
        self._show_organisation(shown.organisation_id, fill_organisations)
        self.org_kind.setCurrentIndex(self.org_kind.findData(shown.org_kind.value if shown.org_kind else None))
        self._fill_roles(shown.role_ids)
        self.other_phones.setPlainText("\n".join(f"{p.label}: {format_phone(p.number)}" if p.label else format_phone(p.number) for p in shown.other_phones))
        self.notes.setPlainText(shown.notes)
        self.set_deputy(shown.deputy_id, mark=False)
        self._verified_at = shown.verified_at
        self.verified_by.setText(shown.verified_by)
        self._show_verified()
        for message in self.messages.values():
            message.hide()
        self.summary.hide()
        self._type_changed()
        self._loading = False
        self.dirty = False

    def _set_read_only(self, read_only: bool) -> None:
        for widget in (*self.lines.values(), self.verified_by):
            widget.setReadOnly(read_only)
        for widget in (self.contact_type, self.organisation, self.org_kind, self.roles, self.save_button, self.revert_button,
                       self.choose_deputy, self.clear_deputy, self.confirm_button):
            widget.setEnabled(not read_only)
        self.other_phones.setReadOnly(read_only)
        self.notes.setReadOnly(read_only)

    def organisations_changed(self) -> None:
        """Read the organisations again the next time a contact is shown."""
        self._organisations_current = False

    def _show_organisation(self, selected: str | None, fill: bool) -> None:
        """Select ``selected``, reading the list of organisations only when it may have changed."""
        if fill and not self._organisations_current:
            self.organisation.clear()
            self.organisation.addItem(_("(none)"), None)
            for org_id, name, _kind in contact_store.organisations(self._store):
                self.organisation.addItem(name, org_id)
            self._organisations_current = True
        self.organisation.setCurrentIndex(max(0, self.organisation.findData(selected)))

    def _fill_roles(self, held: tuple[str, ...]) -> None:
        self.roles.clear()
        for role in contact_store.roles(self._store):
            item = QListWidgetItem(role.name)
            item.setData(Qt.ItemDataRole.UserRole, role.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if role.id in held else Qt.CheckState.Unchecked)
            self.roles.addItem(item)

    def set_deputy(self, contact_id: str | None, mark: bool = True) -> None:
        self._deputy_id = contact_id
        deputy = contact_store.get(self._store, contact_id) if contact_id else None
        if deputy:
            number = format_phone(deputy.work_mobile or deputy.work_landline)
            self.deputy_label.setText(f"{deputy.name}\n{number}".strip())
        else:
            self._deputy_id = None
            self.deputy_label.setText(_("(none)"))
        if mark:
            self._mark_dirty()

    def _show_verified(self) -> None:
        if self._verified_at is None:
            text, stale = _("Never verified"), True
        else:
            stale = is_stale(self._verified_at, now_utc(), self._stale_months)
            text = show(self._verified_at, with_time=False)
        if stale:
            text = "⚠ " + text + "  " + _("(older than {months} months: check the details)").format(months=self._stale_months)
        self.verified_label.setText(text)
        self.verified_label.setStyleSheet(_WARNING_STYLE if stale else "")

    # Editing
    def _type_changed(self) -> None:
        is_org = self._is_organisation()
        self.form.setRowVisible(self.org_kind, is_org)
        self._mark_dirty()

    def _mark_dirty(self, *args) -> None:
        if not self._loading:
            self.dirty = True

    def _confirm_verified(self) -> None:
        self._verified_at = now_utc()
        self._show_verified()
        self._mark_dirty()

    def _copy(self, name: str) -> None:
        checked = check_fields({name: self.lines[name].text()}, is_organisation=self._is_organisation())
        value = checked.values.get(name)
        if value:
            QGuiApplication.clipboard().setText(dial_string(str(value)))
            self._show_message(name, _("Copied {number}.").format(number=format_phone(str(value))), _WARNING_STYLE.replace("#92400e", "#166534"))

    def _is_organisation(self) -> bool:
        return self.contact_type.currentData() == ContactType.ORGANISATION.value

    def _raw(self) -> dict[str, str]:
        raw = {name: edit.text() for name, edit in self.lines.items()}
        raw["notes"] = self.notes.toPlainText()
        raw["verified_by"] = self.verified_by.text()
        return raw

    def _other_phone_pairs(self) -> list[tuple[str, str]]:
        pairs = []
        for line in self.other_phones.toPlainText().splitlines():
            if not line.strip():
                continue
            number_label, sep, number = line.rpartition(":")
            pairs.append((number_label.strip(), number.strip()) if sep else ("", line.strip()))
        return pairs

    def _check_one(self, name: str) -> None:
        if self._loading:
            return
        checked = check_fields({name: self.lines[name].text()}, is_organisation=self._is_organisation())
        if checked.errors:
            self._show_message(name, checked.errors[0].message, _ERROR_STYLE)
        elif checked.warnings:
            self._show_message(name, "\n".join(checked.warnings), _WARNING_STYLE)
        else:
            self.messages[name].hide()
            self.lines[name].setStyleSheet("")

    def _show_message(self, name: str, text: str, style: str) -> None:
        message = self.messages[name]
        message.setText(text)
        message.setStyleSheet(style)
        message.show()
        if name in self.lines:
            self.lines[name].setStyleSheet("border: 2px solid #b91c1c;" if style == _ERROR_STYLE else "")

    def save(self) -> Contact | None:
        """Validate every field; save and return the contact, or show the errors and return None."""
        if self._store.read_only:
            return None
        is_org = self._is_organisation()
        checked = check_fields(self._raw(), is_organisation=is_org)
        others, other_errors, other_warnings = check_other_phones(self._other_phone_pairs(), is_organisation=is_org)
        errors = checked.errors + other_errors
        for name in self.messages:
            self.messages[name].hide()
            if name in self.lines:
                self.lines[name].setStyleSheet("")
        for error in errors:
            self._show_message(error.field, error.message, _ERROR_STYLE)
        if errors:
            self.summary.setText(_("Not saved: fix the fields marked in red."))
            self.summary.setStyleSheet(_ERROR_STYLE)
            self.summary.show()
            first = errors[0].field
            (self.lines.get(first) or self.other_phones).setFocus()
            return None
        values = checked.values
        base = self.contact or Contact(id="", name="")
        contact = replace(
            base, **values,
            contact_type=ContactType(self.contact_type.currentData()),
            organisation_id=self.organisation.currentData(),
            org_kind=OrgKind(self.org_kind.currentData()) if is_org and self.org_kind.currentData() else None,
            role_ids=tuple(
                self.roles.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.roles.count())
                if self.roles.item(i).checkState() == Qt.CheckState.Checked
            ),
            other_phones=tuple(others),
            deputy_id=self._deputy_id,
            verified_at=self._verified_at,
        )
        saved = contact_store.save(self._store, contact)
        self.load(saved)
        warnings = checked.warnings + other_warnings
        self.summary.setText(_("Saved.") + ("  " + "  ".join(warnings) if warnings else ""))
        self.summary.setStyleSheet(_WARNING_STYLE if warnings else "color: #166534;")
        self.summary.show()
        self.saved.emit(saved.id)
        return saved


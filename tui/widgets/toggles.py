"""Check boxes, radio buttons and selection lists whose ticked and unticked states differ in shape (☑/☐, ●/○),
not only in colour: legible on a washed-out projector and to a colour-blind reader."""

from __future__ import annotations

from textual import widgets
from textual.content import Content
from textual.strip import Strip
from textual.widgets._toggle_button import ToggleButton
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import SelectionType

TICKED, UNTICKED = "☑", "☐"
CHOSEN, UNCHOSEN = "●", "○"


class _Shaped:
    ON: str
    OFF: str

    @property
    def _button(self) -> Content:
        button = super()._button
        glyph = self.ON if self.value else self.OFF
        return Content.assemble(button[:1], (glyph, button.get_style_at_offset(1)), button[2:])


class Checkbox(_Shaped, widgets.Checkbox):
    ON, OFF = TICKED, UNTICKED


class RadioButton(_Shaped, widgets.RadioButton):
    ON, OFF = CHOSEN, UNCHOSEN


class SelectionList(widgets.SelectionList[SelectionType]):
    """A ``SelectionList`` whose boxes show ☑ when selected, ☐ when not."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:  # below the last option: nothing to mark
            return line
        segments = list(line)
        if len(segments) > 1 and segments[1].text == ToggleButton.BUTTON_INNER:
            glyph = TICKED if selection.value in self._selected else UNTICKED
            segments[1] = segments[1]._replace(text=glyph)
            return Strip(segments, line.cell_length)
        return line

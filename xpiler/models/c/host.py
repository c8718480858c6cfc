"""A C translation is its own host entry (a plain function with the kernel's name and parameters);
when it is specialised to the verified sizes, its first statements check them and abort with a
message otherwise (see translate/host.py)."""
import dataclasses

from ...translate.host import kernel_function


def host_entry(emitted, guards: dict):
    if not guards:
        return emitted
    base = emitted.kernel_text if emitted.kernel_text is not None else emitted.text
    body = kernel_function(base, "c", emitted.entry).node.child_by_field_name("body")
    raw = base.encode()
    at = body.start_byte + 1                     # just after the function's opening brace
    held = ", ".join(f"{k}={v}" for k, v in guards.items())
    called = ", ".join(f"{k}=%d" for k in guards)
    values = ", ".join(f"(int){k}" for k in guards)
    cond = " || ".join(f"{k} != {v}" for k, v in guards.items())
    check = (f"\n  if ({cond}) {{  // specialised: verified only for {held}"
             + f"\n    fprintf(stderr, \"{emitted.entry}: this translation is verified only for {held}; called with "
             + f"{called}\\n\", {values});"
             + "\n    abort();\n  }")
    text = (raw[:at] + check.encode() + raw[at:]).decode()
    if "#include <stdio.h>" not in text:
        text = "#include <stdio.h>\n" + text
    return dataclasses.replace(emitted, text=text, kernel_text=base)

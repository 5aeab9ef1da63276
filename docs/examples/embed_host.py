#!/usr/bin/python3
"""A Python host of nudge through its C API (ctypes), as in docs/embedding.md.

Usage: embed_host.py LIBNUDGE_C.so POLICY.toml WORKDIR

Loads the policy stack, opens a durable engine on WORKDIR/host.db, opens an application,
reports a thank-you, advances the clock a week and delivers the due actions (acking each),
reads the plan as JSON, then restarts on the same database and checks that nothing acked
comes back and the state is unchanged. Exits 0 when every check holds.
"""
import ctypes
import json
import os
import sys

lib_path, policy, workdir = sys.argv[1:4]
nudge = ctypes.CDLL(lib_path)

c_size = ctypes.c_size_t
c_ptr = ctypes.c_void_p


class NudgeString(ctypes.Structure):
    _fields_ = [("data", ctypes.POINTER(ctypes.c_char)), ("size", c_size)]

    def text(self):
        return ctypes.string_at(self.data, self.size).decode()


class NudgeAction(ctypes.Structure):
    _fields_ = [(name, NudgeString) for name in
                ("key", "application", "rule", "action", "recipient", "zone", "channel",
                 "draft")] + [("at", ctypes.c_int64), ("deadline", ctypes.c_int64),
                              ("optional", ctypes.c_int)]


ACTION_FN = ctypes.CFUNCTYPE(None, c_ptr, ctypes.POINTER(NudgeAction))


def declare(name, restype, *argtypes):
    f = getattr(nudge, name)
    f.restype, f.argtypes = restype, list(argtypes)


declare("nudge_version", ctypes.c_char_p)
declare("nudge_error_message", ctypes.c_char_p, c_ptr)
declare("nudge_error_destroy", None, c_ptr)
declare("nudge_buffer_data", ctypes.POINTER(ctypes.c_char), c_ptr)
declare("nudge_buffer_size", c_size, c_ptr)
declare("nudge_buffer_destroy", None, c_ptr)
declare("nudge_stack_options_create", c_ptr)
declare("nudge_stack_options_set_policy", None, c_ptr, ctypes.c_char_p, c_size)
declare("nudge_stack_options_use_plugin_path_environment", None, c_ptr, ctypes.c_int)
declare("nudge_stack_options_destroy", None, c_ptr)
declare("nudge_stack_load", ctypes.c_int, c_ptr, ctypes.POINTER(c_ptr), ctypes.POINTER(c_ptr))
declare("nudge_stack_destroy", None, c_ptr)
declare("nudge_engine_open_store", ctypes.c_int, c_ptr, ctypes.c_char_p, c_size, c_ptr,
        ctypes.POINTER(c_ptr), ctypes.POINTER(c_ptr))
declare("nudge_engine_destroy", None, c_ptr)
declare("nudge_engine_open", ctypes.c_int, c_ptr, ctypes.c_char_p, c_size, ctypes.c_char_p,
        c_size, ctypes.POINTER(c_ptr))
declare("nudge_engine_apply", ctypes.c_int, c_ptr, ctypes.c_char_p, c_size, ctypes.c_char_p,
        c_size, ctypes.c_int64, ctypes.c_char_p, c_size, ctypes.POINTER(ctypes.c_int),
        ctypes.POINTER(c_ptr))
declare("nudge_engine_advance", ctypes.c_int, c_ptr, ctypes.c_int64, ACTION_FN, c_ptr,
        ctypes.POINTER(c_ptr))
declare("nudge_engine_pending", ctypes.c_int, c_ptr, ctypes.POINTER(c_ptr),
        ctypes.POINTER(c_ptr))
declare("nudge_engine_ack", ctypes.c_int, c_ptr, ctypes.c_char_p, c_size, ctypes.POINTER(c_ptr))
declare("nudge_engine_plan_json", ctypes.c_int, c_ptr, ctypes.c_char_p, c_size,
        ctypes.POINTER(c_ptr), ctypes.POINTER(c_ptr))
declare("nudge_engine_snapshot", ctypes.c_int, c_ptr, ctypes.POINTER(c_ptr),
        ctypes.POINTER(c_ptr))
declare("nudge_actions_size", c_size, c_ptr)
declare("nudge_actions_destroy", None, c_ptr)


class NudgeError(Exception):
    def __init__(self, status, message):
        super().__init__(f"nudge status {status}: {message}")
        self.status = status


def call(name, *args):
    """Calls a nudge function whose last parameter is nudge_error**; raises on failure."""
    error = c_ptr()
    status = getattr(nudge, name)(*args, ctypes.byref(error))
    if status != 0:
        message = nudge.nudge_error_message(error).decode()
        nudge.nudge_error_destroy(error)
        raise NudgeError(status, message)


def text_arg(s):
    b = s.encode()
    return b, len(b)


def take_buffer(buffer):
    data = ctypes.string_at(nudge.nudge_buffer_data(buffer), nudge.nudge_buffer_size(buffer))
    nudge.nudge_buffer_destroy(buffer)
    return data.decode()


def load_stack(policy_file):
    options = nudge.nudge_stack_options_create()
    nudge.nudge_stack_options_set_policy(options, *text_arg(policy_file))
    nudge.nudge_stack_options_use_plugin_path_environment(options, 0)
    stack = c_ptr()
    try:
        call("nudge_stack_load", options, ctypes.byref(stack))
    finally:
        nudge.nudge_stack_options_destroy(options)
    return stack


def open_engine(stack, db):
    engine = c_ptr()
    call("nudge_engine_open_store", stack, *text_arg(db), None, ctypes.byref(engine))
    return engine


def snapshot(engine):
    buffer = c_ptr()
    call("nudge_engine_snapshot", engine, ctypes.byref(buffer))
    return take_buffer(buffer)


def pending_count(engine):
    actions = c_ptr()
    call("nudge_engine_pending", engine, ctypes.byref(actions))
    n = nudge.nudge_actions_size(actions)
    nudge.nudge_actions_destroy(actions)
    return n


APPLICATION = """
id = "py-1"
position = "Data Engineer"
company = "Acme"
candidate_zone = "America/New_York"
interview_end = 2026-11-23T11:30:00-05:00

[[interviewers]]
name = "Ana Ruiz"
role = "hr"
zone = "America/Chicago"
primary = true
topics = ["the data platform migration"]
"""
THANKS_AT = 1795467600      # 2026-11-23T21:00:00Z
WEEK_LATER = 1796040000     # 2026-11-30T12:00:00Z

os.makedirs(workdir, exist_ok=True)
db = os.path.join(workdir, "host.db")
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(db + suffix):
        os.remove(db + suffix)

print("libnudge_c", nudge.nudge_version().decode())
stack = load_stack(policy)
engine = open_engine(stack, db)
call("nudge_engine_open", engine, *text_arg(APPLICATION), *text_arg("py-1.toml"))
duplicate = ctypes.c_int(-1)
call("nudge_engine_apply", engine, *text_arg("py-1"), *text_arg("thank_you_sent"), THANKS_AT,
     *text_arg("Ana Ruiz"), ctypes.byref(duplicate))
assert duplicate.value == 0

delivered = []


@ACTION_FN
def deliver(_user, action):
    a = action.contents
    delivered.append(a.key.text())
    print(f"due {a.rule.text()} {a.action.text()} -> {a.recipient.text()} at {a.at}")


call("nudge_engine_advance", engine, WEEK_LATER, deliver, None)
assert delivered, "a week after the interview something is due"
assert pending_count(engine) == len(delivered)
for key in delivered:                     # the host sent them: acknowledge
    call("nudge_engine_ack", engine, *text_arg(key))
assert pending_count(engine) == 0
try:
    call("nudge_engine_ack", engine, *text_arg("no/such/key"))
    raise AssertionError("an unknown key is refused")
except NudgeError as e:
    assert e.status == 4 and "no/such/key" in str(e), e

plan_buffer = c_ptr()
call("nudge_engine_plan_json", engine, *text_arg("py-1"), ctypes.byref(plan_buffer))
plan = json.loads(take_buffer(plan_buffer))
assert plan["application"] == "py-1"
print("planned:", [(a["rule"], a["at"]) for a in plan["actions"]])

before = snapshot(engine)
nudge.nudge_engine_destroy(engine)        # the host stops...
engine = open_engine(stack, db)           # ...and starts again on the same database
assert snapshot(engine) == before
assert pending_count(engine) == 0, "nothing acked is delivered again"
nudge.nudge_engine_destroy(engine)
nudge.nudge_stack_destroy(stack)
print("ctypes example: ok")

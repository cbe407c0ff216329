#!/usr/bin/python3
"""Golden values for tests/model/test_optim_optimizers_torch.cpp and
test_optim_schedule_torch.cpp.

Run with Debian's python3-torch 1.13 (apt-get install python3-torch):
    /usr/bin/python3 tests/model/reference/optim_torch.py
and paste the printed rows into the tests. Optimizers: float32 parameters after
5 steps of a fixed gradient sequence; schedules: torch.optim.lr_scheduler rates.
"""
import torch

torch.set_num_threads(1)

# Float32 values with no short decimal form, so that every rounding step shows
# (a plain multiply-add instead of PyTorch's fused one changes the last bit).
P0 = [1.02885687, 1.64192009, 1.14671957, -0.973179519, -1.39280009, 0.0671963543,
      0.861350894, 0.509186804]
GRADS = [
    [4.97510862, 0.748377144, 0.198642746, -0.0475864261, -0.0363319404, 0.18983072,
     0.00242394349, 1.24937809],
    [-1.03867209, 0.00851293653, -0.574777067, -0.0416880697, -0.0328193232, 1.08055222,
     -0.759105325, 0.00429112045],
    [0.0450910442, -0.00504249474, -0.213167712, -0.0965462103, -0.150254577, 0.0310382713,
     -0.0495204479, 0.207202882],
    [0.016702313, 0.0463905483, -0.171809509, -0.0168233346, 0.00769122504, -0.00849577505,
     -0.00833649468, -0.00800219178],
    [-0.836785197, -0.0405399092, 0.208827898, 0.0257327259, 0.0241401568, 0.0817392021,
     0.0229384266, -0.135806769],
]
VARYING_LR = [0.01, 0.02, 0.005, 0.01, 0.03]

# (row name, our OptimizerSpec fields, torch constructor on [p], lr per step or None)
CONFIGS = [
    ("sgd", dict(type="sgd", lr=0.1), "torch.optim.SGD(p, lr=0.1)", None),
    ("sgd_wd", dict(type="sgd", lr=0.1, weightDecay=0.05),
     "torch.optim.SGD(p, lr=0.1, weight_decay=0.05)", None),
    ("momentum", dict(type="momentum", lr=0.1, momentum=0.9),
     "torch.optim.SGD(p, lr=0.1, momentum=0.9)", None),
    ("momentum_wd", dict(type="momentum", lr=0.1, momentum=0.9, weightDecay=0.05),
     "torch.optim.SGD(p, lr=0.1, momentum=0.9, weight_decay=0.05)", None),
    ("sgd_nesterov_flag", dict(type="sgd", lr=0.1, momentum=0.5, nesterov=True),
     "torch.optim.SGD(p, lr=0.1, momentum=0.5, nesterov=True)", None),
    ("nesterov", dict(type="nesterov", lr=0.1, momentum=0.9),
     "torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True)", None),
    ("nesterov_wd", dict(type="nesterov", lr=0.1, momentum=0.9, weightDecay=0.05),
     "torch.optim.SGD(p, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.05)", None),
    ("adagrad", dict(type="adagrad", lr=0.1, eps=1e-10),
     "torch.optim.Adagrad(p, lr=0.1, eps=1e-10)", None),
    ("adagrad_wd", dict(type="adagrad", lr=0.1, eps=1e-10, weightDecay=0.05),
     "torch.optim.Adagrad(p, lr=0.1, eps=1e-10, weight_decay=0.05)", None),
    ("rmsprop", dict(type="rmsprop", lr=0.01, rho=0.99, eps=1e-8),
     "torch.optim.RMSprop(p, lr=0.01, alpha=0.99, eps=1e-8)", None),
    ("rmsprop_momentum", dict(type="rmsprop", lr=0.01, rho=0.9, eps=1e-8, momentum=0.9),
     "torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-8, momentum=0.9)", None),
    ("rmsprop_wd", dict(type="rmsprop", lr=0.01, rho=0.99, eps=1e-8, weightDecay=0.05),
     "torch.optim.RMSprop(p, lr=0.01, alpha=0.99, eps=1e-8, weight_decay=0.05)", None),
    ("rmsprop_momentum_wd", dict(type="rmsprop", lr=0.01, rho=0.9, eps=1e-3, momentum=0.5,
                                 weightDecay=0.05),
     "torch.optim.RMSprop(p, lr=0.01, alpha=0.9, eps=1e-3, momentum=0.5, weight_decay=0.05)", None),
    ("adam", dict(type="adam", lr=0.01), "torch.optim.Adam(p, lr=0.01)", None),
    ("adam_wd", dict(type="adam", lr=0.01, weightDecay=0.05),
     "torch.optim.Adam(p, lr=0.01, weight_decay=0.05)", None),
    ("adam_betas", dict(type="adam", lr=0.05, beta1=0.5, beta2=0.9, eps=1e-3),
     "torch.optim.Adam(p, lr=0.05, betas=(0.5, 0.9), eps=1e-3)", None),
    ("adam_varying_lr", dict(type="adam", lr=0.01),
     "torch.optim.Adam(p, lr=0.01)", VARYING_LR),
    ("adamw", dict(type="adamw", lr=0.01, weightDecay=0.01),
     "torch.optim.AdamW(p, lr=0.01, weight_decay=0.01)", None),
    ("adamw_strong", dict(type="adamw", lr=0.05, weightDecay=0.1),
     "torch.optim.AdamW(p, lr=0.05, weight_decay=0.1)", None),
    ("adamw_varying_lr", dict(type="adamw", lr=0.01, weightDecay=0.1),
     "torch.optim.AdamW(p, lr=0.01, weight_decay=0.1)", VARYING_LR),
]


FIELD_ORDER = ["type", "lr", "momentum", "nesterov", "beta1", "beta2", "eps", "rho",
               "weightDecay"]  # hs::OptimizerSpec declaration order


def cpp_spec(fields):
    parts = []
    for key in FIELD_ORDER:
        if key not in fields:
            continue
        value = fields[key]
        if isinstance(value, str):
            parts.append(f'.{key} = "{value}"')
        elif isinstance(value, bool):
            parts.append(f".{key} = {'true' if value else 'false'}")
        else:
            parts.append(f".{key} = {value!r}")
    return "{" + ", ".join(parts) + "}"


def optimizers():
    print("// ---- optimizers: float32 parameters after 5 steps")
    for name, fields, call, lrs in CONFIGS:
        p = torch.nn.Parameter(torch.tensor(P0, dtype=torch.float32))
        opt = eval(call, {"torch": torch, "p": [p]})
        for k, g in enumerate(GRADS):
            if lrs:
                opt.param_groups[0]["lr"] = lrs[k]
            p.grad = torch.tensor(g, dtype=torch.float32)
            opt.step()
        values = ["%.9gf" % v for v in p.detach().tolist()]
        print(f"    // {call.replace('(p, ', '([p], ')}" + (f", lr per step {lrs}" if lrs else ""))
        print(f'    addTorchRow("{name}", {cpp_spec(fields)}, {"kVaryingLr" if lrs else "kSpecLr"},')
        print("                {" + ", ".join(values[:4]) + ",")
        print("                 " + ", ".join(values[4:]) + "});")


class Dummy:
    def __init__(self, lr):
        self.p = torch.nn.Parameter(torch.zeros(1))
        self.opt = torch.optim.SGD([self.p], lr=lr)


def per_epoch(make, epochs, lr=0.1, closed_form=True):
    d = Dummy(lr)
    sched = make(d.opt)
    out = []
    for _ in range(epochs):
        out.append(sched._get_closed_form_lr()[0] if closed_form else d.opt.param_groups[0]["lr"])
        d.opt.step()
        sched.step()
    return out


def schedules():
    print("// ---- schedules")
    rows = {
        "StepLR(step_size=3, gamma=0.5)":
            per_epoch(lambda o: torch.optim.lr_scheduler.StepLR(o, 3, 0.5), 10),
        "MultiStepLR(milestones=[2, 5, 8], gamma=0.1)":
            per_epoch(lambda o: torch.optim.lr_scheduler.MultiStepLR(o, [2, 5, 8], 0.1), 10),
        "ExponentialLR(gamma=0.9)":
            per_epoch(lambda o: torch.optim.lr_scheduler.ExponentialLR(o, 0.9), 10),
        "CosineAnnealingLR(T_max=10, eta_min=0.001)":
            per_epoch(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, 10, 0.001), 11),
        "CosineAnnealingWarmRestarts(T_0=3, T_mult=2, eta_min=0.001)":
            per_epoch(lambda o: torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(o, 3, 2, 0.001),
                      25, closed_form=False),
        "CosineAnnealingWarmRestarts(T_0=4, T_mult=1)":
            per_epoch(lambda o: torch.optim.lr_scheduler.CosineAnnealingWarmRestarts(o, 4, 1),
                      10, closed_form=False),
    }
    # Recursive (chainable) forms agree with the closed forms to rounding.
    rec = per_epoch(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, 10, 0.001), 11,
                    closed_form=False)
    assert all(abs(a - b) < 1e-15 for a, b in zip(rec, rows["CosineAnnealingLR(T_max=10, eta_min=0.001)"]))
    for call, values in rows.items():
        print(f"    // {call}, lr 0.1, one sched.step() per epoch")
        print("    {" + ", ".join(repr(v) for v in values) + "}")

    d = Dummy(0.01)
    cyc = torch.optim.lr_scheduler.CyclicLR(d.opt, base_lr=0.01, max_lr=0.1, step_size_up=6,
                                            mode="triangular", cycle_momentum=False)
    values = []
    for _ in range(30):
        values.append(d.opt.param_groups[0]["lr"])
        d.opt.step()
        cyc.step()
    print("    // CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=6, mode='triangular', cycle_momentum=False), per step")
    print("    {" + ", ".join(repr(v) for v in values) + "}")

    d = Dummy(0.1)
    lin = torch.optim.lr_scheduler.LinearLR(d.opt, start_factor=0.25, total_iters=4)
    values = []
    for _ in range(8):
        values.append(d.opt.param_groups[0]["lr"])
        d.opt.step()
        lin.step()
    print("    // LinearLR(start_factor=0.25, total_iters=4), lr 0.1, per step")
    print("    {" + ", ".join(repr(v) for v in values) + "}")

    for mode, seq in (("min", [1.0, 0.9, 0.895, 0.9, 0.91, 0.85, 0.86, 0.86, 0.87, 0.88,
                               0.70, 0.71, 0.72, 0.73, 0.74, 0.75, 0.76, 0.77]),
                      ("max", [0.5, 0.6, 0.6, 0.604, 0.59, 0.61, 0.8, 0.79, 0.78, 0.77,
                               0.76, 0.75, 0.74, 0.73, 0.72, 0.71])):
        d = Dummy(0.1)
        rop = torch.optim.lr_scheduler.ReduceLROnPlateau(d.opt, mode=mode, factor=0.5, patience=2,
                                                         cooldown=1, threshold=0.01, min_lr=0.02)
        values = []
        for v in seq:
            d.opt.step()
            rop.step(v)
            values.append(d.opt.param_groups[0]["lr"])
        print(f"    // ReduceLROnPlateau(mode='{mode}', factor=0.5, patience=2, cooldown=1, "
              "threshold=0.01, min_lr=0.02), lr 0.1; monitored sequence, then lr after each step(v)")
        print("    {" + ", ".join(repr(v) for v in seq) + "}")
        print("    {" + ", ".join(repr(v) for v in values) + "}")


if __name__ == "__main__":
    print("# torch", torch.__version__)
    optimizers()
    schedules()

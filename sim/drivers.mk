# The vcoproc drivers linked into the simulator: one word per driver folder
# under vcoproc-drivers/. A new driver is its folder plus its name here.
SIM_DRIVERS := synthetic sgpu sfpga
